using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.ReliablePubSub;

/// <summary>
/// Reliable mode end to end on loopback, with exact loss: a subscriber's <see cref="LossyLink"/> drops chosen
/// publications the first time they arrive, so the counts are known in advance.
/// </summary>
public class ReliableBusTests
{
    private static MulticastOptions Options(
        ReliabilityMode reliability = ReliabilityMode.Reliable, HistoryOptions? history = null, RepairOptions? repair = null, GroupKey? key = null) => new()
    {
        Group = Loopback.NewGroup(),
        Interface = Loopback.Interface,
        Reliability = reliability,
        History = history ?? new(),
        Repair = repair ?? new(),
        Key = key,
    };

    private static async Task<(MulticastBus Publisher, MulticastOptions Shared)> PublisherAsync(MulticastOptions options)
    {
        var publisher = await MulticastBus.JoinAsync(options);
        return (publisher, new MulticastOptions
        {
            Group = options.Group,
            Port = publisher.Port,
            Interface = options.Interface,
            Reliability = options.Reliability,
            Key = options.Key,
            History = options.History,
            Repair = options.Repair,
        });
    }

    private static async Task PublishAsync(MulticastBus publisher, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await publisher.PublishAsync(new Trade(i));
        }
    }

    private static Inbox<Trade> Subscribe(MulticastBus bus)
    {
        var inbox = new Inbox<Trade>();
        bus.Subscribe<Trade>((trade, from) => inbox.Add(trade, from));
        return inbox;
    }

    [Fact]
    public async Task Reliable_subscriber_gets_every_publication_in_order_once_despite_losses()
    {
        var (publisher, shared) = await PublisherAsync(Options());
        await using var _p = publisher;
        var (subscriber, link) = await LossyLink.JoinAsync(shared, lost: [3, 7, 8, 15]);
        await using var _s = subscriber;
        var inbox = Subscribe(subscriber);

        await PublishAsync(publisher, 20);
        await inbox.WhenCount(20).Within();

        Assert.Equal(Enumerable.Range(0, 20), inbox.Messages.Select(trade => trade.Count));
        var stats = subscriber.Stats;
        Assert.Equal(4, link.Dropped);
        Assert.Equal((20L, 0L, 4L, 0L, 0L), (stats.Received, stats.Lost, stats.Recovered, stats.Unrecoverable, stats.Reordered));
        Assert.True(stats.NaksSent >= 1, $"NAKs sent: {stats.NaksSent}");
        Assert.Equal(4, stats.Publishers.Single(p => p.PublisherId == publisher.PublisherId).Recovered);
        Assert.True(publisher.Stats.Retransmissions >= 4, $"retransmissions: {publisher.Stats.Retransmissions}");
        Assert.True(publisher.Stats.NaksReceived >= 1);
    }

    [Fact]
    public async Task A_lost_last_publication_is_revealed_by_the_heartbeat_and_repaired()
    {
        // Nothing follows publications 18 and 19 to reveal them missing: only the publisher's heartbeat does.
        var group = Loopback.NewGroup();
        MulticastOptions Quick(int port) => new()
        {
            Group = group,
            Port = port,
            Interface = Loopback.Interface,
            Reliability = ReliabilityMode.Reliable,
            HeartbeatPeriod = TimeSpan.FromMilliseconds(100),
            LeaseDuration = TimeSpan.FromSeconds(30),
        };
        var publisher = await MulticastBus.JoinAsync(Quick(0));
        await using var _p = publisher;
        var (subscriber, link) = await LossyLink.JoinAsync(Quick(publisher.Port), lost: [18, 19]);
        await using var _s = subscriber;
        var inbox = Subscribe(subscriber);

        await PublishAsync(publisher, 20);
        await inbox.WhenCount(20).Within();

        Assert.Equal(Enumerable.Range(0, 20), inbox.Messages.Select(trade => trade.Count));
        var stats = subscriber.Stats;
        Assert.Equal(2, link.Dropped);
        Assert.True(stats.HeartbeatsReceived >= 1, $"heartbeats received: {stats.HeartbeatsReceived}");
        Assert.Equal((20L, 0L, 2L, 0L), (stats.Received, stats.Lost, stats.Recovered, stats.Unrecoverable));
        Assert.True(publisher.Stats.Retransmissions >= 2, $"retransmissions: {publisher.Stats.Retransmissions}");
    }

    [Fact]
    public async Task Coalesced_batches_lost_at_random_are_repaired_whole_and_delivered_in_order_once()
    {
        var (publisher, shared) = await PublisherAsync(Options());
        await using var _p = publisher;
        var random = new Random(11);
        var (subscriber, link) = await LossyLink.JoinAsync(shared, _ => { lock (random) { return random.Next(10) == 0; } });
        await using var _s = subscriber;
        var inbox = Subscribe(subscriber);

        // Publish (not awaited) in bursts: what queues while a send is in flight goes out as batch frames.
        for (var i = 0; i < 2000; i++)
        {
            publisher.Publish(new Trade(i));
            if (i % 100 == 99)
            {
                await Task.Delay(2);
            }
        }

        // Heartbeats are 1 s apart by default: a few more publications reveal a lost tail sooner.
        for (var round = 0; round < 50 && inbox.Messages.Count < 2000; round++)
        {
            await publisher.PublishAsync(new Trade(2000 + round));
            await Task.Delay(20);
        }

        await inbox.WhenCount(2000).Within();
        Assert.Equal(Enumerable.Range(0, 2000), inbox.Messages.Take(2000).Select(trade => trade.Count));
        Assert.True(link.Dropped > 0, "the link dropped nothing: the test proved nothing");
        var stats = subscriber.Stats;
        Assert.Equal(0, stats.Unrecoverable);
        Assert.True(stats.Recovered > 0, $"recovered: {stats}");
    }

    [Fact]
    public async Task Reliable_subscriber_losing_one_in_ten_datagrams_of_every_kind_at_random_gets_every_publication_in_order_once()
    {
        var (publisher, shared) = await PublisherAsync(Options());
        await using var _p = publisher;
        var random = new Random(7);
        var (subscriber, link) = await LossyLink.JoinAsync(shared, _ => { lock (random) { return random.Next(10) == 0; } });
        await using var _s = subscriber;
        var inbox = Subscribe(subscriber);

        // Paced (50 every millisecond or so): the loss under test is the link's, not a receive buffer overflowing.
        for (var i = 0; i < 3000; i++)
        {
            await publisher.PublishAsync(new Trade(i));
            if (i % 50 == 49)
            {
                await Task.Delay(1);
            }
        }

        // The last ones arrive (the link's losses are over): they show a lost tail, with no heartbeat to tell it.
        for (var round = 0; round < 50 && inbox.Messages.Count < 3000; round++)
        {
            await publisher.PublishAsync(new Trade(3000 + round));
            await Task.Delay(20);
        }

        try
        {
            await inbox.WhenCount(3000).Within();
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{inbox.Messages.Count} of 3000 delivered. Subscriber: {subscriber.Stats}. Publisher: {publisher.Stats}. The link dropped {link.Dropped}.");
        }

        var stats = subscriber.Stats;
        var counts = inbox.Messages.Select(trade => trade.Count).ToArray();
        Assert.True(counts.SequenceEqual(Enumerable.Range(0, counts.Length)), $"not in order: {stats}");
        Assert.Equal(0, stats.Unrecoverable);
        Assert.True(stats.Recovered > 0 && link.Dropped > 0, stats.ToString());
    }

    [Fact]
    public async Task Best_effort_subscriber_counts_the_same_losses_and_asks_for_nothing()
    {
        var (publisher, shared) = await PublisherAsync(Options(reliability: ReliabilityMode.BestEffort));
        await using var _p = publisher;
        var (subscriber, link) = await LossyLink.JoinAsync(shared, lost: [3, 7, 8, 15]);
        await using var _s = subscriber;
        var inbox = Subscribe(subscriber);

        await PublishAsync(publisher, 20);
        await inbox.WhenCount(16).Within();

        Assert.Equal(Enumerable.Range(0, 20).Except([3, 7, 8, 15]), inbox.Messages.Select(trade => trade.Count));
        var stats = subscriber.Stats;
        Assert.Equal((16L, 4L, 0L, 0L), (stats.Received, stats.Lost, stats.NaksSent, publisher.Stats.Retransmissions));
    }

    [Fact]
    public async Task A_publication_no_longer_in_the_history_is_given_up_at_its_deadline_and_the_stream_goes_on()
    {
        var (publisher, shared) = await PublisherAsync(Options(
            history: new HistoryOptions { Count = 2 }, repair: new RepairOptions { RepairDeadline = TimeSpan.FromMilliseconds(300) }));
        await using var _p = publisher;
        // Dropped every time it arrives: as if it had been evicted before any NAK reached the publisher.
        var (subscriber, _) = await LossyLink.JoinAsync(shared, lost: [3], times: int.MaxValue);
        await using var _s = subscriber;
        var inbox = Subscribe(subscriber);

        await PublishAsync(publisher, 10);
        await inbox.WhenCount(9).Within();

        Assert.Equal(Enumerable.Range(0, 10).Except([3]), inbox.Messages.Select(trade => trade.Count));
        var stats = subscriber.Stats;
        Assert.Equal((9L, 1L, 1L, 0L), (stats.Received, stats.Lost, stats.Unrecoverable, stats.Recovered));
    }

    [Fact]
    public async Task Two_subscribers_missing_the_same_publication_are_repaired_by_one_retransmission()
    {
        // A long repair holdoff: every NAK for number 5 that arrives after the first repair is answered by it.
        var (publisher, shared) = await PublisherAsync(Options(repair: new RepairOptions { RepairHoldoff = TimeSpan.FromSeconds(5) }));
        await using var _p = publisher;
        var (first, _) = await LossyLink.JoinAsync(shared, lost: [5]);
        await using var _1 = first;
        var (second, _) = await LossyLink.JoinAsync(shared, lost: [5]);
        await using var _2 = second;
        var inboxes = new[] { Subscribe(first), Subscribe(second) };

        await PublishAsync(publisher, 10);
        await Task.WhenAll(inboxes.Select(inbox => inbox.WhenCount(10))).Within();

        Assert.All(inboxes, inbox => Assert.Equal(Enumerable.Range(0, 10), inbox.Messages.Select(trade => trade.Count)));
        Assert.Equal(1L, publisher.Stats.Retransmissions);
    }

    [Fact]
    public async Task On_a_keyed_bus_a_retransmission_a_subscriber_already_had_is_a_duplicate_not_a_replay()
    {
        var (publisher, shared) = await PublisherAsync(Options(key: GroupKey.Generate(1)));
        await using var _p = publisher;
        var (lossy, _) = await LossyLink.JoinAsync(shared, lost: [2, 4]);
        await using var _l = lossy;
        var whole = await MulticastBus.JoinAsync(shared);
        await using var _w = whole;
        var inboxes = new[] { Subscribe(lossy), Subscribe(whole) };

        await PublishAsync(publisher, 8);
        await Task.WhenAll(inboxes.Select(inbox => inbox.WhenCount(8))).Within();
        await WhenAsync(() => whole.Stats.Duplicated >= 2);

        Assert.All(inboxes, inbox => Assert.Equal(Enumerable.Range(0, 8), inbox.Messages.Select(trade => trade.Count)));
        Assert.Equal((0L, 2L), (lossy.Stats.Rejected, lossy.Stats.Recovered));
        Assert.Equal(0L, whole.Stats.Rejected);
        Assert.True(whole.Stats.Duplicated >= 2, $"duplicated: {whole.Stats.Duplicated}");
    }

    [Fact]
    public async Task A_late_joiner_gets_the_retained_history_then_the_live_stream_in_order_nothing_twice()
    {
        var (publisher, shared) = await PublisherAsync(Options());
        await using var _p = publisher;
        await PublishAsync(publisher, 10);
        var late = await MulticastBus.JoinAsync(new MulticastOptions
        {
            Group = shared.Group,
            Port = shared.Port,
            Interface = shared.Interface,
            Reliability = ReliabilityMode.Reliable,
            LateJoin = true,
        });
        await using var _l = late;
        var inbox = Subscribe(late);

        for (var i = 10; i < 20; i++)
        {
            await publisher.PublishAsync(new Trade(i));
        }

        await inbox.WhenCount(20).Within();

        Assert.Equal(Enumerable.Range(0, 20), inbox.Messages.Select(trade => trade.Count));
        Assert.Equal((20L, 0L, 0L), (late.Stats.Received, late.Stats.Lost, late.Stats.Unrecoverable));
        Assert.True(publisher.Stats.Retransmissions >= 10, publisher.Stats.ToString());
    }

    [Fact]
    public async Task Without_LateJoin_a_new_subscriber_starts_with_the_first_publication_it_hears()
    {
        var (publisher, shared) = await PublisherAsync(Options());
        await using var _p = publisher;
        await PublishAsync(publisher, 10);
        var (joiner, _) = await LossyLink.JoinAsync(shared, lost: []);
        await using var _j = joiner;
        var inbox = Subscribe(joiner);

        for (var i = 10; i < 20; i++)
        {
            await publisher.PublishAsync(new Trade(i));
        }

        await inbox.WhenCount(10).Within();

        Assert.Equal(Enumerable.Range(10, 10), inbox.Messages.Select(trade => trade.Count));
        Assert.Equal(0L, publisher.Stats.Retransmissions);
    }

    // Polls a condition that an event cannot signal (a counter the receive loop moves), bounded by the usual timeout.
    private static async Task WhenAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Loopback.Timeout;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }
}
