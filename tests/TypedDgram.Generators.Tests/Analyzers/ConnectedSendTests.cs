using TypedDgram.Generators.Diagnostics;
using Verify = TypedDgram.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<TypedDgram.Generators.Analyzers.ConnectedSendAnalyzer>;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>TDG0002: a connected socket sends to its remote endpoint; a port or address is an error.</summary>
public sealed class ConnectedSendTests
{
    [Fact]
    public Task Send_with_port_after_Connect_reports_TDG0002_on_the_port() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            client.Connect(41234, "localhost");
            client.Send(buffer, {|#0:41234|}, "localhost");
            """,
            Verify.Diagnostic(DiagnosticDescriptors.SendWithPortOnConnectedSocket).WithLocation(0).WithArguments("client"));

    [Fact]
    public Task Send_with_port_inside_the_Connect_callback_reports_TDG0002() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            client.Connect(41234, "localhost", err =>
            {
                client.Send(buffer, {|TDG0002:41234|}, "localhost", (e, n) => client.Close());
            });
            """);

    [Fact]
    public Task SendAsync_with_port_after_await_ConnectAsync_reports_TDG0002() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp6");
            await client.ConnectAsync(41234, "::1");
            await client.SendAsync(buffer, {|TDG0002:41234|}, "::1");
            """);

    [Fact]
    public Task Send_with_named_address_only_after_Connect_reports_TDG0002_on_the_address() =>
        Verify.VerifyStatementsAsync(
            """
            socket.Connect(41234);
            socket.Send(text, {|TDG0002:address: "localhost"|});
            """);

    [Fact]
    public Task Send_with_port_after_Connect_on_both_branches_reports_TDG0002() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            if (text.Length > 3) client.Connect(41234, "localhost"); else client.Connect(41235, "localhost");
            client.Send(buffer, 0, 4, {|TDG0002:41234|}, (e, n) => { });
            """);

    [Fact]
    public Task Send_with_port_on_a_private_field_connected_in_the_same_method_reports_TDG0002() =>
        Verify.VerifyAsync(
            """
            class Client
            {
                private readonly DgramSocket _socket;
                public Client() { _socket = Dgram.CreateSocket("udp4"); }
                public void Start(byte[] hello)
                {
                    _socket.Connect(41234, "localhost");
                    _socket.Send(hello, {|TDG0002:41234|}, "localhost");
                }
            }
            """);

    [Fact]
    public Task Send_with_port_in_a_loop_after_Connect_reports_TDG0002() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            client.Connect(41234, "localhost");
            foreach (var part in new[] { buffer, buffer })
            {
                client.Send(part, {|TDG0002:41234|});
            }
            """);

    [Fact]
    public Task Send_with_port_after_the_error_check_in_the_Connect_callback_reports_TDG0002() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            client.Connect(41234, "localhost", err =>
            {
                if (err is not null) { client.Close(); return; }
                client.Send(buffer, {|TDG0002:41234|}, "localhost");
            });
            """);

    // Issue 17: misuse in lambdas, local functions and event handlers of the member, on using sockets, after awaits

    [Fact]
    public Task Send_with_port_in_a_Message_handler_after_await_ConnectAsync_reports_TDG0002() =>
        Verify.VerifyStatementsAsync(
            """
            await using var client = Dgram.CreateSocket("udp4");
            await client.ConnectAsync(41234, "127.0.0.1");
            client.Message += (msg, rinfo) => client.Send(msg, {|TDG0002:rinfo.Port|}, rinfo.Address);
            """);

    [Fact]
    public Task Send_with_port_after_await_ConnectAsync_ConfigureAwait_reports_TDG0002() =>
        Verify.VerifyStatementsAsync(
            """
            using var client = Dgram.CreateSocket("udp4");
            await client.ConnectAsync(41234, "127.0.0.1").ConfigureAwait(false);
            await client.SendAsync(buffer, {|TDG0002:41234|}, "127.0.0.1").ConfigureAwait(false);
            """);

    [Fact]
    public Task Send_with_port_in_a_local_function_called_after_Connect_reports_TDG0002() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            client.Connect(41234, "127.0.0.1");
            Ping();
            void Ping() => client.Send(buffer, {|TDG0002:41234|}, "127.0.0.1");
            """);

    [Fact]
    public Task Send_with_port_in_the_Connect_callback_of_a_using_socket_reports_TDG0002() =>
        Verify.VerifyStatementsAsync(
            """
            using var client = Dgram.CreateSocket("udp4");
            client.Connect(41234, "127.0.0.1", err =>
            {
                client.Send(buffer, {|TDG0002:41234|}, "127.0.0.1");
            });
            """);

    [Fact]
    public Task Send_with_port_in_a_lambda_created_before_the_connect_is_quiet() =>
        Verify.VerifyStatementsAsync(
            """
            await using var client = Dgram.CreateSocket("udp4");
            client.Message += (msg, rinfo) => client.Send(msg, rinfo.Port, rinfo.Address);
            Action hello = () => client.Send(buffer, 41234, "127.0.0.1");
            hello();
            await client.ConnectAsync(41234, "127.0.0.1");
            """);
}
