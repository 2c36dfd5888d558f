using TypedDgram.Generators.Diagnostics;
using Verify = TypedDgram.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<TypedDgram.Generators.Analyzers.LateListeningHandlerAnalyzer>;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>TDG0010: a Listening handler added after the bind started can miss the event.</summary>
public sealed class LateListeningHandlerTests
{
    [Fact]
    public Task Listening_subscribed_after_Bind_reports_TDG0010_on_the_event() =>
        Verify.VerifyStatementsAsync(
            """
            var server = Dgram.CreateSocket("udp4");
            server.Bind(41234);
            {|#0:server.Listening|} += () => Console.WriteLine("listening");
            """,
            Verify.Diagnostic(DiagnosticDescriptors.LateListeningHandler).WithLocation(0).WithArguments("server"));

    [Fact]
    public Task Listening_subscribed_after_await_BindAsync_reports_TDG0010() =>
        Verify.VerifyStatementsAsync(
            """
            await socket.BindAsync(0, "127.0.0.1");
            {|TDG0010:socket.Listening|} += () => Console.WriteLine("listening");
            """);

    [Fact]
    public Task Listening_subscribed_after_an_implicit_bind_by_Send_reports_TDG0010() =>
        Verify.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            client.Send(buffer, 41234, "localhost");
            {|TDG0010:client.Listening|} += () => { };
            """);

    [Fact]
    public Task Listening_subscribed_inside_the_Bind_callback_reports_TDG0010() =>
        Verify.VerifyStatementsAsync(
            """
            var server = Dgram.CreateSocket("udp4");
            server.Bind(41234, () => { {|TDG0010:server.Listening|} += () => { }; });
            """);

    [Fact]
    public Task Listening_subscribed_before_Bind_and_Message_after_Bind_are_quiet() =>
        Verify.VerifyStatementsAsync(
            """
            var server = Dgram.CreateSocket("udp4");
            server.Listening += () => Console.WriteLine(server.Address().Port);
            server.Bind(41234);
            server.Message += (msg, rinfo) => { };
            """);

    // Issue 17: misuse in lambdas and local functions of the member

    [Fact]
    public Task Listening_subscribed_in_a_local_function_called_after_await_BindAsync_reports_TDG0010() =>
        Verify.VerifyStatementsAsync(
            """
            await using var server = Dgram.CreateSocket("udp4");
            await server.BindAsync(41234).ConfigureAwait(false);
            Subscribe();
            void Subscribe() => {|TDG0010:server.Listening|} += () => { };
            """);

    [Fact]
    public Task Listening_subscribed_in_a_Message_handler_reports_TDG0010() =>
        Verify.VerifyStatementsAsync(
            """
            var server = Dgram.CreateSocket("udp4");
            server.Bind(41234);
            server.Message += (msg, rinfo) => {|TDG0010:server.Listening|} += () => { };
            """);
}
