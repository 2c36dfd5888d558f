using System.Globalization;

namespace TypedDgram.Tests.PubSub;

/// <summary>
/// Issue 16's attacks over the wire against a keyed bus: a publisher on h1 and a subscriber on h2 share the group key;
/// an attacker on h3 (the same link, no key) records their publications and then sends every attack of the issue.
/// Nothing it sends is delivered or changes the subscriber's counts of the genuine publisher.
/// </summary>
[Collection(NamespaceLabCollection.Name)]
public sealed class AuthenticatedBusNamespaceTests(MulticastLab lab) : IClassFixture<MulticastLab>
{
    private static readonly string Secret = Convert.ToHexString(Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 3)).ToArray());

    private static async Task SendAsync(PeerProcess publisher, int count)
    {
        publisher.Send($"send {count} 1000");
        await publisher.ExpectAsync("sent");
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Forged_replayed_and_tampered_publications_are_rejected_and_change_nothing_on_a_keyed_bus(bool confidential)
    {
        Skip.If(lab.Unavailable is not null, lab.Unavailable);
        var group = Loopback.NewGroup();
        string[] keyed = [$"key={Secret}", $"confidential={confidential}"];
        var (subscriber, ready) = await PeerProcess.StartAsync(lab.Ns("h2"), "subscribe", [$"group={group}", "port=0", $"interface={lab.V4("h2")}", .. keyed]);
        await using var _s = subscriber;
        var port = PeerProcess.Port(ready);
        var (publisher, published) = await PeerProcess.StartAsync(lab.Ns("h1"), "publish", [$"group={group}", $"port={port}", $"interface={lab.V4("h1")}", .. keyed]);
        await using var _p = publisher;
        var id = PeerProcess.PublisherId(published);
        var (attacker, _) = await PeerProcess.StartAsync(lab.Ns("h3"), "attack", $"group={group}", $"port={port}", $"interface={lab.V4("h3")}", $"publisher={id}");
        await using var _a = attacker;

        await SendAsync(publisher, 20);
        Assert.Equal("delivered=20", PeerProcess.Pick(await subscriber.StatsAsync(20), "delivered=20"));
        attacker.Send("attack 19");
        var attacked = await attacker.ExpectAsync("attacked ");
        Assert.Contains("recorded=20", attacked, StringComparison.Ordinal);

        // The flood may still be queued at the subscriber: the genuine publications go once it has read the end marker.
        subscriber.Send("malformed 1");
        Assert.Equal("malformed=1", PeerProcess.Pick(PeerProcess.Parse(await subscriber.ExpectAsync("stats ")), "malformed=1"));
        await SendAsync(publisher, 20);

        var stats = await subscriber.StatsAsync(40);
        var exact = $"delivered=40 received=40 lost=0 duplicated=0 reordered=0 stale=0 malformed=1 unhandled=0 publishers=1 from={id}:40";
        Assert.Equal(exact, PeerProcess.Pick(stats, exact));

        // The attacks before the 100,000 forged ids are 11 datagrams, 60 replays and 60 tampered copies: all of them
        // reach the subscriber (the flood after them may overflow its receive buffer, so only a floor is certain).
        Assert.InRange(long.Parse(stats["rejected"], CultureInfo.InvariantCulture), 11 + 60 + 60, long.MaxValue);
    }
}
