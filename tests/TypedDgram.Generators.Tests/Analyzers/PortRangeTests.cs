using TypedDgram.Generators.Diagnostics;
using Verify = TypedDgram.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<TypedDgram.Generators.Analyzers.PortRangeAnalyzer>;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>TDG0004: constant ports must be in range.</summary>
public sealed class PortRangeTests
{
    [Fact]
    public Task Bind_above_65535_reports_TDG0004() =>
        Verify.VerifyStatementsAsync(
            """socket.Bind({|#0:70000|});""",
            Verify.Diagnostic(DiagnosticDescriptors.PortOutOfRange).WithLocation(0).WithArguments(70000L, "Bind", 0));

    [Fact]
    public Task Bind_negative_reports_TDG0004() =>
        Verify.VerifyStatementsAsync("""await socket.BindAsync({|TDG0004:-1|}, "127.0.0.1");""");

    [Fact]
    public Task Send_to_port_zero_reports_TDG0004() =>
        Verify.VerifyStatementsAsync(
            """socket.Send(buffer, {|#0:0|}, "localhost");""",
            Verify.Diagnostic(DiagnosticDescriptors.PortOutOfRange).WithLocation(0).WithArguments(0L, "Send", 1));

    [Fact]
    public Task Connect_above_65535_reports_TDG0004() =>
        Verify.VerifyStatementsAsync("""socket.Connect(port: {|TDG0004:65536|}, address: "localhost");""");

    [Fact]
    public Task BindOptions_port_out_of_range_reports_TDG0004() =>
        Verify.VerifyStatementsAsync(
            """socket.Bind(new BindOptions { Port = {|#0:100000|}, Address = "127.0.0.1" });""",
            Verify.Diagnostic(DiagnosticDescriptors.PortOutOfRange).WithLocation(0).WithArguments(100000L, "BindOptions.Port", 0));

    [Fact]
    public Task SendAsync_with_a_named_negative_port_reports_TDG0004() =>
        Verify.VerifyStatementsAsync("""await socket.SendAsync(text, port: {|TDG0004:-5|});""");

    [Fact]
    public Task Ports_in_range_and_offsets_named_like_ports_are_quiet() =>
        Verify.VerifyStatementsAsync(
            """
            socket.Bind(0);
            socket.Bind(65535, "0.0.0.0");
            socket.Send(buffer, 0, 4);
            socket.Send(buffer, 1, "localhost");
            socket.Connect(65535);
            socket.Bind(new BindOptions { Port = 0 });
            """);
}
