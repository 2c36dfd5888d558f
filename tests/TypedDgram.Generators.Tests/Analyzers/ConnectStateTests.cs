using TypedDgram.Generators.Diagnostics;
using Verify = TypedDgram.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<TypedDgram.Generators.Analyzers.ConnectStateAnalyzer>;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>TDG0007: Connect on a connected socket; Disconnect or RemoteAddress on one that is not.</summary>
public sealed class ConnectStateTests
{
    [Fact]
    public Task Connect_twice_reports_TDG0007_on_the_second_Connect() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            client.Connect(41234, "localhost");
            {|#0:client.Connect(41235, "localhost")|};
            """,
            Verify.Diagnostic(DiagnosticDescriptors.ConnectStateMisuse).WithLocation(0)
                .WithArguments("'client' is already connected here, so Connect throws ERR_SOCKET_DGRAM_IS_CONNECTED; call Disconnect first"));

    [Fact]
    public Task ConnectAsync_after_await_ConnectAsync_reports_TDG0007() =>
        Verify.VerifyStatementsAsync(
            """
            await socket.ConnectAsync(41234);
            await {|TDG0007:socket.ConnectAsync(41235)|};
            """);

    [Fact]
    public Task Connect_inside_a_successful_Connect_callback_reports_TDG0007() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            client.Connect(41234, "localhost", err =>
            {
                if (err == null) {|TDG0007:client.Connect(41235)|};
            });
            """);

    [Fact]
    public Task Disconnect_on_a_socket_never_connected_reports_TDG0007() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            client.Bind(0);
            {|#0:client.Disconnect()|};
            """,
            Verify.Diagnostic(DiagnosticDescriptors.ConnectStateMisuse).WithLocation(0)
                .WithArguments("'client' is not connected here, so Disconnect throws ERR_SOCKET_DGRAM_NOT_CONNECTED"));

    [Fact]
    public Task RemoteAddress_on_a_socket_never_connected_reports_TDG0007() =>
        Verify.VerifyStatementsAsync(
            """
            using var server = Dgram.CreateSocket("udp6");
            await server.BindAsync(41234);
            var peer = {|TDG0007:server.RemoteAddress()|};
            """);

    [Fact]
    public Task RemoteAddress_on_a_variable_given_a_new_socket_after_the_connect_reports_TDG0007() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            await client.ConnectAsync(41234);
            client.Close();
            client = Dgram.CreateSocket("udp4");
            Console.WriteLine({|TDG0007:client.RemoteAddress()|}.Port);
            """);

    [Fact]
    public Task Disconnect_twice_reports_TDG0007_on_the_second() =>
        Verify.VerifyStatementsAsync(
            """
            socket.Connect(41234);
            socket.Disconnect();
            {|TDG0007:socket.Disconnect()|};
            """);

    [Fact]
    public Task Connect_after_Connect_in_a_loop_without_Disconnect_reports_TDG0007() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            client.Connect(41234);
            for (var i = 0; i < 3; i++)
            {
                {|TDG0007:client.Connect(41234 + i)|};
            }
            """);

    // Issue 17: misuse in lambdas and local functions of the member

    [Fact]
    public Task RemoteAddress_in_an_Error_handler_of_a_socket_never_connected_reports_TDG0007() =>
        Verify.VerifyStatementsAsync(
            """
            await using var server = Dgram.CreateSocket("udp4");
            server.Error += e => Console.WriteLine({|TDG0007:server.RemoteAddress()|});
            await server.BindAsync(41234);
            """);

    [Fact]
    public Task RemoteAddress_in_a_local_function_called_before_the_connect_reports_TDG0007() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            Console.WriteLine(Peer());
            await client.ConnectAsync(41234, "127.0.0.1").ConfigureAwait(false);
            object Peer() => {|TDG0007:client.RemoteAddress()|};
            """);

    [Fact]
    public Task A_handler_that_changes_its_own_socket_is_not_judged_by_the_state_around_it() =>
        Verify.VerifyStatementsAsync(
            """
            var server = Dgram.CreateSocket("udp4");
            server.Error += e => server.Disconnect();
            """);

    [Fact]
    public Task Disconnect_in_a_Connected_handler_is_quiet() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            client.Connected += () => client.Disconnect();
            """);
}
