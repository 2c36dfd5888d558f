namespace TypedDgram.Cli.Tests;

/// <summary>`tdg publish` and `tdg subscribe`: a contract as JSON through a MulticastBus, on a random group joined on 127.0.0.1.</summary>
public sealed class PubSubCommandTests
{
    private static string Assembly => typeof(Greeting).Assembly.Location;

    [Fact]
    public async Task Published_JSON_arrives_at_subscribe_as_the_contract_and_its_members()
    {
        var group = Multicast.NewGroup();
        var subscribe = TdgRun.Start("subscribe", "--group", group, "--port", "0", "--interface", Multicast.Interface, "--contracts", Assembly, "--count", "2", "--timeout", "10");
        var port = (await subscribe.JoinedPortAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var publish = TdgRun.Start("publish", "--group", group, "--port", port, "--interface", Multicast.Interface, "--contracts", Assembly, "--contract", "Greeting", """{"Seq":7,"Text":"on the bus"}""", "--count", "2");

        Assert.Equal(0, await publish.FinishedAsync());
        Assert.StartsWith($"published 2 TypedDgram.Cli.Tests.Greeting to {group}:{port} as publisher ", publish.Output.Lines.Single(), StringComparison.Ordinal);
        Assert.Equal(0, await subscribe.FinishedAsync());
        Assert.Equal(2, subscribe.Output.Lines.Count);
        Assert.All(subscribe.Output.Lines, line =>
        {
            Assert.Contains("\"contract\":\"TypedDgram.Cli.Tests.Greeting\"", line, StringComparison.Ordinal);
            Assert.Contains("\"message\":{\"Seq\":7,\"Text\":\"on the bus\"}", line, StringComparison.Ordinal);
        });
        Assert.Contains(subscribe.Error.Lines, line => line.StartsWith("tdg: received 2, lost 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Subscribe_to_one_contract_by_name_ignores_the_others()
    {
        var group = Multicast.NewGroup();
        var subscribe = TdgRun.Start("subscribe", "--group", group, "--port", "0", "--interface", Multicast.Interface, "--contracts", Assembly, "--contract", "Reading", "--timeout", "1");

        Assert.Contains("subscribed to TypedDgram.Cli.Tests.Reading", await subscribe.Error.NextAsync("tdg: joined "), StringComparison.Ordinal);
        Assert.Equal(0, await subscribe.FinishedAsync());
    }

    [Fact]
    public async Task Publish_without_a_contract_says_a_publication_is_a_contract()
    {
        var tdg = TdgRun.Start("publish", "--group", Multicast.NewGroup(), "--port", "41234", "--interface", Multicast.Interface, "[1, 2]");

        Assert.Equal(1, await tdg.FinishedAsync());
        Assert.Contains("a publication is a contract", tdg.Error.Lines.Single(), StringComparison.Ordinal);
    }
}
