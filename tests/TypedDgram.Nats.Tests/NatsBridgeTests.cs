using System.Buffers;
using TypedDgram.Contracts;
using TypedDgram.PubSub;
using TypedDgram.Sockets;
using Xunit.Abstractions;

namespace TypedDgram.Nats.Tests;

/// <summary>
/// Two multicast segments on this machine (two groups on 127.0.0.1, each pinned there), each with a bridge into one
/// real nats-server: publications cross both ways with their publisher ids and sequence numbers, nothing loops, and
/// what one side never saw shows in the other side's counters.
/// </summary>
public sealed class NatsBridgeTests(ITestOutputHelper output)
{
    private const int Count = 200;

    [SkippableFact]
    public async Task Publications_cross_both_ways_with_their_publisher_ids_and_sequences_and_never_loop()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        var (groupA, groupB) = Groups();
        await using var bridgeA = await NatsBridge.StartAsync(BridgeOptions(server, groupA, 0));
        await using var bridgeB = await NatsBridge.StartAsync(BridgeOptions(server, groupB, 0));
        var segmentA = Segment(groupA, bridgeA.MulticastPort);
        var segmentB = Segment(groupB, bridgeB.MulticastPort);
        await using var publisherA = await MulticastBus.JoinAsync(segmentA);
        await using var publisherB = await MulticastBus.JoinAsync(segmentB);
        await using var subscriberA = await MulticastBus.JoinAsync(segmentA);
        await using var subscriberB = await MulticastBus.JoinAsync(segmentB);
        await using var onNats = await NatsBus.ConnectAsync(new NatsBusOptions { Url = server.Url, Bus = "segments" });
        using var inboxA = new Inbox<Quote>(subscriberA);
        using var inboxB = new Inbox<Quote>(subscriberB);
        using var inboxNats = new Inbox<Quote>(onNats);

        // Paced, so that a loaded machine's loopback does not overflow a receive buffer: this test is about relaying;
        // loss has its own test below.
        for (var i = 0; i < Count; i++)
        {
            await publisherA.PublishAsync(new Quote("A", i));
            await publisherB.PublishAsync(new Quote("B", i));
            if (i % 10 == 9)
            {
                await Task.Delay(1);
            }
        }

        // Each subscriber has its own segment's and the far one's; the NATS bus has both.
        await inboxA.WaitForAsync(2 * Count);
        await inboxB.WaitForAsync(2 * Count);
        await inboxNats.WaitForAsync(2 * Count);
        await Task.Delay(300); // a looping publication would arrive after the real ones; give it the time to
        foreach (var (name, bus) in new (string, ITypedBus)[] { ("A", subscriberA), ("B", subscriberB), ("nats", onNats) })
        {
            var stats = bus.Stats;
            output.WriteLine($"{name}: {stats}");
            Assert.Equal(2 * Count, stats.Received);
            Assert.Equal(0, stats.Duplicated + stats.Lost + stats.Stale + stats.Malformed);
            Assert.Equal(
                new[] { publisherA.PublisherId, publisherB.PublisherId }.Order(),
                stats.Publishers.Select(p => p.PublisherId).Order());
            Assert.All(stats.Publishers, p => Assert.Equal(Count, p.Received));
        }

        Assert.Equal(Enumerable.Range(0, Count).Select(i => (long)i), inboxB.Items.Where(item => item.Message.Symbol == "A").Select(item => item.Message.Cents));
        output.WriteLine($"bridge A: {bridgeA.Stats}");
        output.WriteLine($"bridge B: {bridgeB.Stats}");
        Assert.Equal(new NatsBridgeStats(ToNats: Count, ToMulticast: Count, LoopsStopped: Count, Skipped: 0, Malformed: 0, TooLarge: 0, Failed: 0), bridgeA.Stats);
        Assert.Equal(new NatsBridgeStats(ToNats: Count, ToMulticast: Count, LoopsStopped: Count, Skipped: 0, Malformed: 0, TooLarge: 0, Failed: 0), bridgeB.Stats);
    }

    [SkippableFact]
    public async Task Publications_one_segment_never_carried_show_as_lost_on_the_far_segment()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        var (groupA, groupB) = Groups();
        await using var bridgeA = await NatsBridge.StartAsync(BridgeOptions(server, groupA, 0));
        await using var bridgeB = await NatsBridge.StartAsync(BridgeOptions(server, groupB, 0));
        await using var subscriberB = await MulticastBus.JoinAsync(Segment(groupB, bridgeB.MulticastPort));
        using var inboxB = new Inbox<Quote>(subscriberB);

        // A publisher on segment A whose every tenth publication is lost on the way (never sent), numbered as a bus numbers.
        var publisherId = 0x1234_5678_9abc_def0UL;
        await using var wire = Dgram.CreateSocket("udp4");
        await wire.BindAsync(0, "127.0.0.1");
        wire.SetMulticastInterface("127.0.0.1");
        var lost = 0;
        for (var sequence = 0UL; sequence < Count; sequence++)
        {
            if (sequence % 10 == 5)
            {
                lost++;
                continue;
            }

            var buffer = PooledEnvelope.Serialize(new Quote("A", (long)sequence), new PublicationPrefix(publisherId, sequence), out var length, out _);
            await wire.SendAsync(buffer.AsMemory(0, length), bridgeA.MulticastPort, groupA);
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await inboxB.WaitForAsync(Count - lost);
        var stats = subscriberB.Stats;
        output.WriteLine($"B: {stats}");
        var publisher = Assert.Single(stats.Publishers);
        Assert.Equal(publisherId, publisher.PublisherId);
        Assert.Equal(Count - lost, publisher.Received);
        Assert.Equal(lost, publisher.Lost);
    }

    [SkippableFact]
    public async Task A_bridge_relays_only_the_contracts_it_is_given()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        await using var server = await NatsServer.StartAsync();
        var (groupA, _) = Groups();
        var options = BridgeOptions(server, groupA, 0);
        options.TypeIds.Add(TypeIdOf<Quote>.Value);
        await using var bridge = await NatsBridge.StartAsync(options);
        await using var onNats = await NatsBus.ConnectAsync(new NatsBusOptions { Url = server.Url, Bus = "segments" });
        using var quotes = new Inbox<Quote>(onNats);
        await using var publisher = await MulticastBus.JoinAsync(Segment(groupA, bridge.MulticastPort));

        await publisher.PublishAsync(new Fill(1));
        await publisher.PublishAsync(new Quote("A", 1));
        await quotes.WaitForAsync(1);

        Assert.True(await Eventually.TrueAsync(() => bridge.Stats.Skipped == 1), bridge.Stats.ToString());
        Assert.Equal(1, bridge.Stats.ToNats);
        Assert.Equal(0, onNats.Stats.Unhandled); // the fill never crossed
    }

    private static NatsBridgeOptions BridgeOptions(NatsServer server, string group, int port) => new()
    {
        Group = group,
        Port = port,
        Interface = "127.0.0.1",
        RecvBufferSize = 1 << 20,
        Nats = new NatsBusOptions { Url = server.Url, Bus = "segments" },
    };

    private static MulticastOptions Segment(string group, int port) => new() { Group = group, Port = port, Interface = "127.0.0.1", RecvBufferSize = 1 << 20 };

    // Two groups of their own per test, so that tests running side by side never hear each other.
    private static (string A, string B) Groups()
    {
        var net = Random.Shared.Next(1, 250);
        return ($"239.255.{net}.1", $"239.255.{net}.2");
    }
}
