using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub;

/// <summary>
/// Issue 14: a bus packs the publications made while one of its sends is in flight into batch frames, sends a lone
/// publication at once in the bytes it always had, and keeps the order of Publish and PublishAsync. Over a held link, so
/// that what is in flight is the test's choice.
/// </summary>
public sealed class MulticastBusCoalescingTests
{
    private static readonly RemoteInfo Sender = new("127.0.0.1", "IPv4", 41234, 0);

    [Fact]
    public async Task A_lone_publication_is_sent_at_once_as_a_version_1_publication()
    {
        var (bus, link) = HeldLink.NewBus();
        await using var _ = bus;

        bus.Publish(new Trade(1));

        // Sent during the call: nothing waited on a timer or on a later publication.
        var sent = Assert.Single(link.Sent);
        Assert.Equal((1, FrameKind.Publication, 0UL, 1), Batches.Describe(sent));
        Assert.Equal(Loopback.Publication(bus.PublisherId, 0, new Trade(1)), sent);
        link.CompleteAll();
    }

    [Fact]
    public async Task Publications_made_while_a_send_is_in_flight_go_as_one_batch_when_it_completes()
    {
        var (bus, link) = HeldLink.NewBus();
        await using var _ = bus;
        bus.Publish(new Trade(0));
        for (var i = 1; i <= 5; i++)
        {
            bus.Publish(new Trade(i));
        }

        Assert.Single(link.Sent);
        Assert.True(link.Complete());

        Assert.Equal(2, link.Sent.Count);
        Assert.Equal((3, FrameKind.Batch, 1UL, 5), Batches.Describe(link.Sent[1]));
        Assert.Equal(Batches.Frame(bus.PublisherId, 1, Batches.Trades(1, 5)), link.Sent[1]);
        link.CompleteAll();
    }

    [Fact]
    public async Task A_batch_of_one_is_sent_as_a_lone_publication()
    {
        var (bus, link) = HeldLink.NewBus();
        await using var _ = bus;
        bus.Publish(new Trade(0));
        bus.Publish(new Trade(1));

        link.CompleteAll();

        Assert.Equal(Loopback.Publication(bus.PublisherId, 1, new Trade(1)), link.Sent[1]);
    }

    [Fact]
    public async Task Without_coalescing_every_publication_is_its_own_version_1_datagram()
    {
        var (bus, link) = HeldLink.NewBus(o => new MulticastOptions { Group = o.Group, Port = o.Port, Interface = o.Interface, Coalesce = false });
        await using var _ = bus;
        for (var i = 0; i < 4; i++)
        {
            bus.Publish(new Trade(i));
        }

        link.CompleteAll();

        Assert.Equal(
            Enumerable.Range(0, 4).Select(i => Loopback.Publication(bus.PublisherId, (ulong)i, new Trade(i))),
            link.Sent);
    }

    [Fact]
    public async Task A_batch_that_would_pass_MaxDatagramSize_is_sent_and_the_next_one_started()
    {
        var (bus, link) = HeldLink.NewBus(o => new MulticastOptions { Group = o.Group, Port = o.Port, Interface = o.Interface, MaxDatagramSize = 200 });
        await using var _ = bus;
        bus.Publish(new Blob(new byte[10]));
        for (var i = 0; i < 20; i++)
        {
            bus.Publish(new Blob(new byte[40]));
        }

        link.CompleteAll();

        // Each Blob of 40 bytes is a 47-byte contract datagram: a 200-byte batch (22-byte header, 3-byte count) holds 3.
        var described = link.Sent.Skip(1).Select(Batches.Describe).ToList();
        Assert.All(link.Sent, d => Assert.InRange(d.Length, 1, 200));
        Assert.Equal(20, described.Sum(d => d.Publications));
        Assert.Equal(Enumerable.Range(0, described.Count).Select(i => 1UL + (ulong)(3 * i)), described.Select(d => d.Sequence));
        Assert.All(described.SkipLast(1), d => Assert.Equal((3, FrameKind.Batch, 3), (d.Version, d.Kind, d.Publications)));
    }

    [Fact]
    public async Task Publish_and_PublishAsync_keep_one_order_and_PublishAsync_completes_with_its_batch()
    {
        var (bus, link) = HeldLink.NewBus();
        await using var _ = bus;
        bus.Publish(new Trade(0));
        var second = bus.PublishAsync(new Trade(1));
        bus.Publish(new Trade(2));
        var fourth = bus.PublishAsync(new Trade(3)).AsTask();

        Assert.False(fourth.IsCompleted);
        link.CompleteAll();
        await fourth.Within();
        await second;

        var receiver = await Loopback.JoinAsync();
        await using var __ = receiver;
        var order = new List<int>();
        using var subscription = receiver.Subscribe<Trade>((trade, _) => order.Add(trade.Count));
        foreach (var datagram in link.Sent)
        {
            receiver.OnDatagram(datagram, Sender);
        }

        Assert.Equal([0, 1, 2, 3], order);
        Assert.Equal((3, FrameKind.Batch, 1UL, 3), Batches.Describe(link.Sent[1]));
    }

    [Fact]
    public async Task Publishing_into_a_batch_allocates_nothing_per_publication()
    {
        var (bus, link) = HeldLink.NewBus();
        await using var _ = bus;
        var trade = new Trade(7);
        bus.Publish(trade);
        for (var i = 0; i < 200; i++)
        {
            bus.Publish(trade);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 2000; i++)
        {
            bus.Publish(trade);
        }

        // About 10 batches of 200: per batch, the held link's copy of the datagram (about 1.5 KB) and the queue's own
        // bookkeeping; nothing per publication, where even one small object each would be 48,000+ bytes.
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        link.CompleteAll();
        Assert.InRange(allocated, 0, 24_000);
    }

    [Fact]
    public async Task A_failed_batch_send_nobody_waits_for_goes_to_Error_and_one_with_a_waiter_faults_it()
    {
        var (bus, link) = HeldLink.NewBus();
        await using var _ = bus;
        var errors = new List<Exception>();
        bus.Error += errors.Add;
        bus.Publish(new Trade(0));
        bus.Publish(new Trade(1));
        link.Complete();
        var waiting = bus.PublishAsync(new Trade(2)).AsTask();
        var unreachable = new DgramException("ENETUNREACH", "send ENETUNREACH");

        link.Complete(unreachable);
        link.Complete(unreachable);

        Assert.Same(unreachable, Assert.Single(errors));
        Assert.Same(unreachable, await Assert.ThrowsAsync<DgramException>(() => waiting.Within()));
    }
}
