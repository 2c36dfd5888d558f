using TypedDgram.Generators.Diagnostics;
using Verify = TypedDgram.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<TypedDgram.Generators.Analyzers.StringOffsetInCharactersAnalyzer>;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>TDG0003: a string message's offset and length count UTF-8 bytes.</summary>
public sealed class StringOffsetInCharactersTests
{
    [Fact]
    public Task Length_of_the_message_as_length_reports_TDG0003_on_it() =>
        Verify.VerifyStatementsAsync(
            """socket.Send(text, 0, {|#0:text.Length|}, 41234, (e, n) => { });""",
            Verify.Diagnostic(DiagnosticDescriptors.StringOffsetInCharacters).WithLocation(0).WithArguments("text.Length"));

    [Fact]
    public Task IndexOf_as_offset_reports_TDG0003() =>
        Verify.VerifyStatementsAsync(
            """socket.Send(text, offset: {|TDG0003:text.IndexOf(':')|} + 1, length: 3, port: 41234);""");

    [Fact]
    public Task Length_arithmetic_on_a_non_constant_string_reports_TDG0003() =>
        Verify.VerifyStatementsAsync(
            """
            var header = text.Substring(0, 2);
            socket.Send(text, {|TDG0003:header.Length|}, {|TDG0003:text.Length|} - {|TDG0003:header.Length|}, 41234, (e, n) => { });
            """);

    [Fact]
    public Task Length_of_a_non_ascii_constant_reports_TDG0003() =>
        Verify.VerifyStatementsAsync(
            """
            const string Greeting = "héllo";
            socket.Send(text, 0, {|TDG0003:Greeting.Length|}, (e, n) => { });
            """);

    [Fact]
    public Task Constant_byte_offsets_and_ascii_constant_lengths_are_quiet() =>
        Verify.VerifyStatementsAsync(
            """
            const string Prefix = "HDR:";
            socket.Send(text, 2, 5, 41234, (e, n) => { });
            socket.Send(text, Prefix.Length, Encoding.UTF8.GetByteCount(text) - Prefix.Length, 41234, (e, n) => { });
            socket.Send("hello", 0, "hello".Length, (e, n) => { });
            socket.Send(buffer, 0, text.Length, 41234, (e, n) => { });
            """);

    [Fact]
    public Task Character_count_in_a_lambda_after_await_ConnectAsync_reports_TDG0003() =>
        Verify.VerifyStatementsAsync(
            """
            await using var client = Dgram.CreateSocket("udp4");
            await client.ConnectAsync(41234, "127.0.0.1").ConfigureAwait(false);
            client.Message += (msg, rinfo) => client.Send(text, 0, {|TDG0003:text.Length|}, (e, n) => { });
            """);
}
