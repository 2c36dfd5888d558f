using TypedDgram.CodeFixes;
using TypedDgram.Generators.Analyzers;
using TypedDgram.Generators.Tests.Analyzers.Infrastructure;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>The mechanical fixes, each checked on one diagnostic and through Fix All (document, project, solution).</summary>
public sealed class CodeFixTests
{
    [Fact]
    public Task TDG0001_fix_adds_the_rest_of_the_buffer_as_length() =>
        CodeFixVerifier<SendOffsetLengthAnalyzer, SendOffsetLengthCodeFix>.VerifyStatementsAsync(
            """socket.Send(buffer, {|TDG0001:offset: 2|}, port: 41234);""",
            """socket.Send(buffer, offset: 2, length: buffer.Length - 2, port: 41234);""");

    [Fact]
    public Task TDG0001_fix_replaces_a_null_length_and_counts_string_bytes() =>
        CodeFixVerifier<SendOffsetLengthAnalyzer, SendOffsetLengthCodeFix>.VerifyStatementsAsync(
            """socket.Send(text, {|TDG0001:offset: 0|}, length: null, port: 41234);""",
            """socket.Send(text, offset: 0, length: Encoding.UTF8.GetByteCount(text), port: 41234);""");

    [Fact]
    public Task TDG0001_fix_adds_offset_zero_before_a_lone_length() =>
        CodeFixVerifier<SendOffsetLengthAnalyzer, SendOffsetLengthCodeFix>.VerifyStatementsAsync(
            """socket.Send(buffer, {|TDG0001:length: 4|}, port: 41234);""",
            """socket.Send(buffer, offset: 0, length: 4, port: 41234);""");

    [Fact]
    public Task TDG0001_Fix_All_fixes_every_send_in_the_document() =>
        CodeFixVerifier<SendOffsetLengthAnalyzer, SendOffsetLengthCodeFix>.VerifyStatementsAsync(
            """
            var header = 4;
            socket.Send(buffer, {|TDG0001:offset: header|}, port: 41234);
            socket.Send(buffer, {|TDG0001:offset: header + 1|}, port: 41235);
            socket.Send(text, {|TDG0001:length: 3|});
            """,
            """
            var header = 4;
            socket.Send(buffer, offset: header, length: buffer.Length - header, port: 41234);
            socket.Send(buffer, offset: header + 1, length: buffer.Length - (header + 1), port: 41235);
            socket.Send(text, offset: 0, length: 3);
            """);

    [Fact]
    public Task TDG0001_fix_is_not_offered_when_the_buffer_would_be_evaluated_twice() =>
        CodeFixVerifier<SendOffsetLengthAnalyzer, SendOffsetLengthCodeFix>.VerifyAsync(
            """
            class Snippet
            {
                byte[] Next() => new byte[8];
                void Run(DgramSocket socket) => socket.Send(Next(), {|TDG0001:offset: 2|}, port: 41234);
            }
            """,
            """
            class Snippet
            {
                byte[] Next() => new byte[8];
                void Run(DgramSocket socket) => socket.Send(Next(), {|TDG0001:offset: 2|}, port: 41234);
            }
            """);

    [Fact]
    public Task TDG0002_fix_removes_port_and_address() =>
        CodeFixVerifier<ConnectedSendAnalyzer, ConnectedSendCodeFix>.VerifyStatementsAsync(
            """
            socket.Connect(41234, "localhost");
            socket.Send(buffer, {|TDG0002:41234|}, "localhost", (e, n) => { });
            """,
            """
            socket.Connect(41234, "localhost");
            socket.Send(buffer, (e, n) => { });
            """);

    [Fact]
    public Task TDG0002_Fix_All_fixes_every_overload_shape() =>
        CodeFixVerifier<ConnectedSendAnalyzer, ConnectedSendCodeFix>.VerifyStatementsAsync(
            """
            var client = Dgram.CreateSocket("udp4");
            await client.ConnectAsync(41234, "127.0.0.1");
            client.Send(buffer, 0, 4, {|TDG0002:41234|}, (e, n) => { });
            client.Send(text, {|TDG0002:port: 41234|}, address: "127.0.0.1");
            client.Send(buffer, {|TDG0002:address: "127.0.0.1"|});
            await client.SendAsync(new[] { buffer, buffer }, {|TDG0002:41234|});
            """,
            """
            var client = Dgram.CreateSocket("udp4");
            await client.ConnectAsync(41234, "127.0.0.1");
            client.Send(buffer, 0, 4, (e, n) => { });
            client.Send(text);
            client.Send(buffer);
            await client.SendAsync(new[] { buffer, buffer });
            """);

    [Fact]
    public Task TDG0003_fix_counts_UTF8_bytes() =>
        CodeFixVerifier<StringOffsetInCharactersAnalyzer, StringOffsetInCharactersCodeFix>.VerifyStatementsAsync(
            """socket.Send(text, 0, {|TDG0003:text.Length|}, 41234, (e, n) => { });""",
            """socket.Send(text, 0, Encoding.UTF8.GetByteCount(text), 41234, (e, n) => { });""");

    [Fact]
    public Task TDG0003_Fix_All_fixes_every_Length_and_leaves_IndexOf() =>
        CodeFixVerifier<StringOffsetInCharactersAnalyzer, StringOffsetInCharactersCodeFix>.VerifyStatementsAsync(
            """
            var head = text.Substring(0, 2);
            socket.Send(text, {|TDG0003:head.Length|}, {|TDG0003:text.Length|} - {|TDG0003:head.Length|}, 41234, (e, n) => { });
            socket.Send(text, {|TDG0003:text.IndexOf(':')|}, 1, 41234, (e, n) => { });
            """,
            """
            var head = text.Substring(0, 2);
            socket.Send(text, Encoding.UTF8.GetByteCount(head), Encoding.UTF8.GetByteCount(text) - Encoding.UTF8.GetByteCount(head), 41234, (e, n) => { });
            socket.Send(text, {|TDG0003:text.IndexOf(':')|}, 1, 41234, (e, n) => { });
            """);
}
