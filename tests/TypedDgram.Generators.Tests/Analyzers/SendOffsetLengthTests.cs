using TypedDgram.Generators.Diagnostics;
using Verify = TypedDgram.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<TypedDgram.Generators.Analyzers.SendOffsetLengthAnalyzer>;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>TDG0001: offset and length go together.</summary>
public sealed class SendOffsetLengthTests
{
    [Fact]
    public Task Send_with_named_offset_and_no_length_reports_TDG0001_on_the_offset() =>
        Verify.VerifyStatementsAsync(
            """socket.Send(buffer, {|#0:offset: 2|}, port: 41234, address: "localhost");""",
            Verify.Diagnostic(DiagnosticDescriptors.SendOffsetWithoutLength).WithLocation(0).WithArguments("an offset", "a length"));

    [Fact]
    public Task Send_with_named_length_and_no_offset_reports_TDG0001_on_the_length() =>
        Verify.VerifyStatementsAsync(
            """socket.Send(buffer, {|#0:length: 5|}, port: 41234);""",
            Verify.Diagnostic(DiagnosticDescriptors.SendOffsetWithoutLength).WithLocation(0).WithArguments("a length", "an offset"));

    [Fact]
    public Task Send_with_offset_and_null_length_reports_TDG0001() =>
        Verify.VerifyStatementsAsync("""socket.Send(buffer, {|TDG0001:offset: 2|}, length: null, port: 41234);""");

    [Fact]
    public Task Send_with_null_offset_and_a_length_reports_TDG0001() =>
        Verify.VerifyStatementsAsync("""socket.Send(buffer, offset: default, {|TDG0001:length: 4|}, port: 41234);""");

    [Fact]
    public Task Send_of_a_string_with_offset_only_reports_TDG0001() =>
        Verify.VerifyStatementsAsync("""socket.Send(text, {|TDG0001:offset: 1|});""");

    [Fact]
    public Task Send_with_both_offset_and_length_is_quiet() =>
        Verify.VerifyStatementsAsync("""socket.Send(buffer, offset: 2, length: 4, port: 41234); socket.Send(buffer, 0, 4, 41234, (e, n) => { });""");

    [Fact]
    public Task Offset_without_length_in_a_handler_and_a_local_function_of_a_using_socket_reports_TDG0001() =>
        Verify.VerifyStatementsAsync(
            """
            await using var server = Dgram.CreateSocket("udp4");
            server.Message += (msg, rinfo) => server.Send(msg, {|TDG0001:offset: 1|}, port: rinfo.Port, address: rinfo.Address);
            void Reply() => server.Send(buffer, {|TDG0001:length: 2|}, port: 41234);
            Reply();
            """);
}
