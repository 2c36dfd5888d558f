using TypedDgram.Generators.Tests.Analyzers.Infrastructure;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>
/// The typed <c>Send</c>/<c>SendAsync</c> of TypedDgram.Messaging have the raw send's port and address and its errors:
/// the rules apply to them too. These run the generator, so the contract is a real one.
/// </summary>
public sealed class TypedSendTests
{
    private const string Program = """
        using TypedDgram.Contracts;
        using TypedDgram.Messaging;
        using TypedDgram.Sockets;

        await using var client = Dgram.CreateSocket("udp4");
        await client.ConnectAsync(41234, "127.0.0.1");
        {0}

        [Datagram] public partial record Ping(int Seq);
        """;

    [Fact]
    public Task Typed_send_with_a_port_on_a_connected_socket_reports_TDG0002_on_the_port() =>
        VerifyAsync("client.Send(new Ping(1), 41234, \"127.0.0.1\");", ("TDG0002", "41234"));

    [Fact]
    public Task Typed_SendAsync_with_a_port_on_a_connected_socket_reports_TDG0002() =>
        VerifyAsync("await client.SendAsync(new Ping(1), port: 41234);", ("TDG0002", "port: 41234"));

    [Fact]
    public Task Typed_send_to_port_zero_reports_TDG0004() =>
        VerifyAsync("client.Disconnect(); client.Send(new Ping(1), 0, \"127.0.0.1\");", ("TDG0004", "0"));

    [Fact]
    public Task Typed_send_to_an_IPv6_address_from_a_udp4_socket_reports_TDG0006() =>
        VerifyAsync("client.Disconnect(); client.Send(new Ping(1), 41234, \"::1\");", ("TDG0006", "\"::1\""));

    [Fact]
    public Task Typed_send_in_static_form_to_an_IPv6_address_from_a_udp4_socket_reports_TDG0006() =>
        VerifyAsync("client.Disconnect(); DgramSocketMessaging.Send(client, new Ping(1), 41234, \"::1\");", ("TDG0006", "\"::1\""));

    [Fact]
    public Task Typed_sends_without_a_destination_on_a_connected_socket_are_quiet() =>
        VerifyAsync("client.Send(new Ping(1)); await client.SendAsync(new Ping(2));");

    private static async Task VerifyAsync(string statements, params (string Id, string Span)[] expected)
    {
        var result = await SnippetAnalysis.AnalyzeAsync([("Program.cs", Program.Replace("{0}", statements, StringComparison.Ordinal))], implicitUsings: true);
        Assert.True(result.Errors.Count == 0, "does not compile:\n" + string.Join("\n", result.Errors));
        var actual = result.Reported
            .Select(d => (d.Id, Span: d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)))
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(expected, actual);
    }
}
