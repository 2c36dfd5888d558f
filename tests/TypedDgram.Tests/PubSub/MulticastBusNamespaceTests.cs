namespace TypedDgram.Tests.PubSub;

/// <summary>
/// Across hosts: publishers and subscribers are peer processes in different network namespaces of
/// <see cref="MulticastLab"/> (h1–h3 on link A, a router r to link B, "far" on link B).
/// </summary>
[Collection(NamespaceLabCollection.Name)]
public sealed class MulticastBusNamespaceTests(MulticastLab lab) : IClassFixture<MulticastLab>
{
    private const string Exact = "received=20 lost=0 duplicated=0 reordered=0 stale=0 malformed=0 unhandled=0";

    private static string Group() => Loopback.NewGroup();

    private static string GroupV6() => $"ff15::7d9:{Random.Shared.Next(1, 0xffff):x}";

    private Task<(PeerProcess Peer, string Ready)> SubscriberAsync(string host, string group, int port, string? nic = null, string? source = null) =>
        PeerProcess.StartAsync(lab.Ns(host), "subscribe",
            [$"group={group}", $"port={port}", $"interface={nic ?? lab.V4(host)}", .. source is null ? Array.Empty<string>() : [$"source={source}"]]);

    private Task<(PeerProcess Peer, string Ready)> PublisherAsync(string host, string group, int port, string? nic = null, int ttl = 1, bool loopback = true) =>
        PeerProcess.StartAsync(lab.Ns(host), "publish",
            $"group={group}", $"port={port}", $"interface={nic ?? lab.V4(host)}", $"ttl={ttl}", $"loopback={loopback}");

    // The router peer's "unavailable REASON" line (a kernel without CONFIG_IP_MROUTE) gives the reason to skip.
    private static string? RoutingUnavailable(string routerLine) =>
        routerLine.StartsWith("unavailable ", StringComparison.Ordinal) ? routerLine["unavailable ".Length..] : null;

    private static async Task SendAsync(PeerProcess publisher, int count)
    {
        publisher.Send($"send {count} 1000");
        await publisher.ExpectAsync("sent");
    }

    [SkippableFact]
    public async Task Publications_reach_subscribers_on_other_hosts_with_exact_counts()
    {
        Skip.If(lab.Unavailable is not null, lab.Unavailable);
        var group = Group();
        var (h2, ready) = await SubscriberAsync("h2", group, 0);
        await using var _ = h2;
        var port = PeerProcess.Port(ready);
        var (h3, _) = await SubscriberAsync("h3", group, port);
        await using var __ = h3;
        var (publisher, published) = await PublisherAsync("h1", group, port);
        await using var ___ = publisher;

        await SendAsync(publisher, 20);

        var from = $"from={PeerProcess.PublisherId(published)}:20";
        Assert.Equal($"{Exact} {from}", PeerProcess.Pick(await h2.StatsAsync(20), $"{Exact} {from}"));
        Assert.Equal($"{Exact} {from}", PeerProcess.Pick(await h3.StatsAsync(20), $"{Exact} {from}"));
    }

    [SkippableFact]
    public async Task IPv6_publications_reach_subscribers_on_other_hosts_with_exact_counts()
    {
        Skip.If(lab.Unavailable is not null, lab.Unavailable);
        var group = GroupV6();
        var (h2, ready) = await SubscriberAsync("h2", group, 0, lab.V6Interface("h2"));
        await using var _ = h2;
        var (publisher, published) = await PublisherAsync("h1", group, PeerProcess.Port(ready), lab.V6Interface("h1"));
        await using var __ = publisher;

        await SendAsync(publisher, 20);

        var expected = $"{Exact} from={PeerProcess.PublisherId(published)}:20";
        Assert.Equal(expected, PeerProcess.Pick(await h2.StatsAsync(20), expected));
    }

    // Needs no router, so it runs where the next test must skip: the TTL only limits how far a publication goes beyond its link.
    [SkippableFact]
    public async Task Publications_of_TTL_1_and_TTL_2_both_reach_hosts_on_their_own_link()
    {
        Skip.If(lab.Unavailable is not null, lab.Unavailable);
        var group = Group();
        var (near, ready) = await SubscriberAsync("h2", group, 0);
        await using var _n = near;
        var port = PeerProcess.Port(ready);
        var (linkLocal, linkLocalReady) = await PublisherAsync("h1", group, port, ttl: 1);
        await using var _1 = linkLocal;
        var (routed, routedReady) = await PublisherAsync("h1", group, port, ttl: 2);
        await using var _2 = routed;

        await SendAsync(linkLocal, 20);
        await SendAsync(routed, 20);

        var both = $"from={PeerProcess.PublisherId(routedReady)}:20,{PeerProcess.PublisherId(linkLocalReady)}:20";
        Assert.Equal($"received=40 lost=0 {both}", PeerProcess.Pick(await near.StatsAsync(40), $"received=40 lost=0 {both}"));
    }

    [SkippableFact]
    public async Task TTL_1_stays_on_the_link_and_TTL_2_crosses_one_router()
    {
        Skip.If(lab.Unavailable is not null, lab.Unavailable);
        var group = Group();
        var (router, routing) = await PeerProcess.StartAsync(lab.Ns("r"), "route", "in=eth0", "out=eth1", $"source={lab.V4("h1")}", $"group={group}");
        await using var _r = router;
        var noRouting = RoutingUnavailable(routing);
        Skip.If(noRouting is not null, noRouting);
        var (near, ready) = await SubscriberAsync("h2", group, 0);
        await using var _n = near;
        var port = PeerProcess.Port(ready);
        var (far, _) = await SubscriberAsync("far", group, port);
        await using var _f = far;
        var (linkLocal, linkLocalReady) = await PublisherAsync("h1", group, port, ttl: 1);
        await using var _1 = linkLocal;
        var (routed, routedReady) = await PublisherAsync("h1", group, port, ttl: 2);
        await using var _2 = routed;

        // TTL 1 first, then TTL 2: had the router forwarded the first burst, "far" would count it before the second.
        await SendAsync(linkLocal, 20);
        await SendAsync(routed, 20);

        var both = $"from={PeerProcess.PublisherId(routedReady)}:20,{PeerProcess.PublisherId(linkLocalReady)}:20";
        Assert.Equal($"received=40 lost=0 {both}", PeerProcess.Pick(await near.StatsAsync(40), $"received=40 lost=0 {both}"));
        var routedOnly = $"{Exact} publishers=1 from={PeerProcess.PublisherId(routedReady)}:20";
        Assert.Equal(routedOnly, PeerProcess.Pick(await far.StatsAsync(20), routedOnly));
    }

    [SkippableTheory]
    [InlineData(4)]
    [InlineData(6)]
    public async Task Source_specific_subscriber_receives_only_its_source(int ipVersion)
    {
        Skip.If(lab.Unavailable is not null, lab.Unavailable);
        var v6 = ipVersion == 6;
        var group = v6 ? $"ff35::7d9:{Random.Shared.Next(1, 0xffff):x}" : Group();
        string Nic(string host) => v6 ? lab.V6Interface(host) : lab.V4(host);
        var (witness, ready) = await SubscriberAsync("r", group, 0, Nic("r"));
        await using var _w = witness;
        var port = PeerProcess.Port(ready);
        var (filtered, _) = await SubscriberAsync("h2", group, port, Nic("h2"), source: v6 ? lab.V6("h1") : lab.V4("h1"));
        await using var _s = filtered;
        var (source, sourceReady) = await PublisherAsync("h1", group, port, Nic("h1"));
        await using var _1 = source;
        var (other, otherReady) = await PublisherAsync("h3", group, port, Nic("h3"));
        await using var _3 = other;

        // The other source first: the any-source witness on the same link proves it was on the wire.
        await SendAsync(other, 20);
        Assert.Equal("received=20", PeerProcess.Pick(await witness.StatsAsync(20), "received=20"));
        await SendAsync(source, 20);

        var onlySource = $"{Exact} publishers=1 from={PeerProcess.PublisherId(sourceReady)}:20";
        Assert.Equal(onlySource, PeerProcess.Pick(await filtered.StatsAsync(20), onlySource));
        Assert.NotEqual(PeerProcess.PublisherId(otherReady), PeerProcess.PublisherId(sourceReady));
    }

    [SkippableFact]
    public async Task Disposing_the_bus_drops_the_hosts_membership()
    {
        Skip.If(lab.Unavailable is not null, lab.Unavailable);
        var group = Group();
        var (subscriber, _) = await SubscriberAsync("h2", group, 0);
        await using var _s = subscriber;
        Assert.Contains(group, lab.Memberships("h2"));

        subscriber.Send("quit");
        await subscriber.ExpectAsync("left");

        Assert.DoesNotContain(group, lab.Memberships("h2"));
    }

    [SkippableFact]
    public async Task Publisher_without_loopback_is_heard_by_other_hosts_but_not_its_own()
    {
        Skip.If(lab.Unavailable is not null, lab.Unavailable);
        var group = Group();
        var (remote, ready) = await SubscriberAsync("h2", group, 0);
        await using var _r = remote;
        var port = PeerProcess.Port(ready);
        var (local, _) = await SubscriberAsync("h1", group, port);
        await using var _l = local;
        var (publisher, _) = await PublisherAsync("h1", group, port, loopback: false);
        await using var _p = publisher;

        await SendAsync(publisher, 20);

        Assert.Equal(Exact, PeerProcess.Pick(await remote.StatsAsync(20), Exact));
        // A looped-back copy is queued to the local socket inside the send, before the one to h2 leaves.
        Assert.Equal("received=0", PeerProcess.Pick(await local.StatsAsync(), "received=0"));
    }
}
