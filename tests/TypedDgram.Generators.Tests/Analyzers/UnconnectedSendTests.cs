using TypedDgram.Generators.Diagnostics;
using Verify = TypedDgram.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<TypedDgram.Generators.Analyzers.UnconnectedSendAnalyzer>;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>TDG0011: a socket that is not connected needs a port on every send.</summary>
public sealed class UnconnectedSendTests
{
    [Fact]
    public Task Send_buffer_2_41234_on_a_new_socket_reports_TDG0011_read_as_offset_and_length() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            {|#0:client.Send(buffer, 2, 41234)|};
            """,
            Verify.Diagnostic(DiagnosticDescriptors.SendWithoutDestination).WithLocation(0)
                .WithArguments("client", "Send", "; the numbers given are its offset and length, not a port"));

    [Fact]
    public Task SendAsync_without_port_on_a_using_socket_reports_TDG0011() =>
        Verify.VerifyStatementsAsync(
            """
            await using var client = Dgram.CreateSocket("udp4");
            await client.BindAsync(0);
            await {|#0:client.SendAsync(buffer)|};
            """,
            Verify.Diagnostic(DiagnosticDescriptors.SendWithoutDestination).WithLocation(0).WithArguments("client", "SendAsync", ""));

    [Fact]
    public Task Send_without_port_after_Disconnect_reports_TDG0011() =>
        Verify.VerifyStatementsAsync(
            """
            socket.Disconnect();
            {|TDG0011:socket.Send(text)|};
            """);

    [Fact]
    public Task Send_without_port_in_a_Message_handler_of_a_socket_never_connected_reports_TDG0011() =>
        Verify.VerifyStatementsAsync(
            """
            using var server = Dgram.CreateSocket("udp4");
            server.Message += (msg, rinfo) => {|TDG0011:server.Send(msg)|};
            server.Bind(41234);
            """);

    [Fact]
    public Task Send_without_port_in_a_local_function_called_before_any_connect_reports_TDG0011() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            void Hello() => {|TDG0011:client.Send(buffer, 0, 4)|};
            Hello();
            """);

    [Fact]
    public Task Sends_without_port_on_connected_or_unknown_sockets_are_quiet() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            client.Connect(41234, "127.0.0.1");
            client.Send(buffer, 2, 3);
            socket.Send(buffer, 2, 41234);
            var other = Dgram.CreateSocket("udp4");
            other.Send(buffer, 41234, "127.0.0.1");
            other.Send(buffer, 0, 4, 41234, (e, n) => { });
            var late = Dgram.CreateSocket("udp4");
            late.Message += (msg, rinfo) => late.Send(msg);
            late.Connect(41234, "127.0.0.1");
            """);

    [Fact]
    public Task Send_without_port_after_await_ConnectAsync_with_ConfigureAwait_is_quiet() =>
        Verify.VerifyStatementsAsync(
            """
            await using var client = Dgram.CreateSocket("udp4");
            await client.ConnectAsync(41234, "127.0.0.1").ConfigureAwait(false);
            await client.SendAsync(buffer);
            client.Message += (msg, rinfo) => client.Send(msg);
            """);

    [Fact]
    public Task Send_without_port_in_an_async_local_function_is_quiet_because_it_runs_on_after_the_call() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            var pending = Later();
            client.Connect(41234, "127.0.0.1");
            await pending;
            async Task Later()
            {
                await Task.Delay(10);
                client.Send(buffer);
            }
            """);
}
