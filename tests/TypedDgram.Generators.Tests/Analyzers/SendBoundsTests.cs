using TypedDgram.Generators.Diagnostics;
using Verify = TypedDgram.Generators.Tests.Analyzers.Infrastructure.AnalyzerVerifier<TypedDgram.Generators.Analyzers.SendBoundsAnalyzer>;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>TDG0012: a constant offset and length must lie inside a message whose size is known.</summary>
public sealed class SendBoundsTests
{
    [Fact]
    public Task Send_of_a_new_array_with_a_port_read_as_length_reports_TDG0012_on_the_length() =>
        Verify.VerifyStatementsAsync(
            """
            var packet = new byte[16];
            socket.Send(packet, 2, {|#0:41234|});
            """,
            Verify.Diagnostic(DiagnosticDescriptors.SendOutOfBounds).WithLocation(0).WithArguments("length", 41234L, 16L, " from offset 2"));

    [Fact]
    public Task Send_of_an_array_initializer_with_offset_past_the_end_reports_TDG0012_on_the_offset() =>
        Verify.VerifyStatementsAsync(
            """socket.Send(new byte[] { 1, 2, 3 }, {|#0:4|}, 0);""",
            Verify.Diagnostic(DiagnosticDescriptors.SendOutOfBounds).WithLocation(0).WithArguments("offset", 4L, 3L, ""));

    [Fact]
    public Task Send_of_a_u8_literal_array_reports_TDG0012() =>
        Verify.VerifyStatementsAsync(
            """
            var hello = "hello"u8.ToArray();
            socket.Send(hello, 0, {|TDG0012:6|}, 41234, (e, n) => { });
            """);

    [Fact]
    public Task Send_of_a_string_literal_counts_UTF8_bytes_and_reports_TDG0012() =>
        Verify.VerifyStatementsAsync("""socket.Send("Grüße", 0, {|TDG0012:8|}, 41234, (e, n) => { });""");

    [Fact]
    public Task Send_with_a_negative_length_reports_TDG0012() =>
        Verify.VerifyStatementsAsync("""socket.Send(Encoding.UTF8.GetBytes("ping"), offset: 1, length: {|TDG0012:-1|});""");

    [Fact]
    public Task Offsets_inside_the_message_and_messages_of_unknown_size_are_quiet() =>
        Verify.VerifyStatementsAsync(
            """
            var packet = new byte[16];
            socket.Send(packet, 2, 14);
            socket.Send(packet, 16, 0);
            socket.Send("Grüße", 0, 7, 41234, (e, n) => { });
            socket.Send(buffer, 2, 41234);
            var grown = new byte[16];
            grown = new byte[64];
            socket.Send(grown, 0, 64);
            socket.Send(packet, 41234, "127.0.0.1");
            """);
}
