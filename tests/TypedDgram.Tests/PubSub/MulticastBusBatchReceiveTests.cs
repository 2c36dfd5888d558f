using TypedDgram.Contracts;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub;

/// <summary>
/// Issue 14: a receiver reads each publication of a batch exactly as if it had come alone: counted per publication
/// (lost batches lose each of theirs), malformed per element with the rest delivered, unhandled per publication, keyed
/// batches verified once and their replays rejected per publication.
/// </summary>
public sealed class MulticastBusBatchReceiveTests
{
    private const ulong Publisher = 0x0123_4567_89AB_CDEF;
    private static readonly RemoteInfo Sender = new("127.0.0.1", "IPv4", 41234, 0);

    [Fact]
    public async Task Every_publication_of_a_batch_is_delivered_in_order_and_counted_received()
    {
        await using var bus = await Loopback.JoinAsync();
        var delivered = new List<int>();
        using var subscription = bus.Subscribe<Trade>((trade, _) => delivered.Add(trade.Count));

        bus.OnDatagram(Batches.Frame(Publisher, 0, Batches.Trades(0, 20)), Sender);

        Assert.Equal(Enumerable.Range(0, 20), delivered);
        var publisher = Assert.Single(bus.Stats.Publishers);
        Assert.Equal((20L, 0L, 19UL), (publisher.Received, publisher.Lost, publisher.HighestSequence));
    }

    [Fact]
    public async Task A_lost_batch_counts_each_of_its_publications_lost()
    {
        await using var bus = await Loopback.JoinAsync();
        using var subscription = bus.Subscribe<Trade>((_, _) => { });

        // Batches of 5: 0-4, (5-9 dropped on the way), 10-14, a lone 15, (16-22 dropped), 23-24.
        bus.OnDatagram(Batches.Frame(Publisher, 0, Batches.Trades(0, 5)), Sender);
        bus.OnDatagram(Batches.Frame(Publisher, 10, Batches.Trades(10, 5)), Sender);
        bus.OnDatagram(Loopback.Publication(Publisher, 15, new Trade(15)), Sender);
        bus.OnDatagram(Batches.Frame(Publisher, 23, Batches.Trades(23, 2)), Sender);

        Assert.Equal((13L, 12L), (bus.Stats.Received, bus.Stats.Lost));

        // The lost batch turning up late is taken back off lost, publication by publication.
        bus.OnDatagram(Batches.Frame(Publisher, 5, Batches.Trades(5, 5)), Sender);
        Assert.Equal((18L, 7L, 5L), (bus.Stats.Received, bus.Stats.Lost, bus.Stats.Reordered));
    }

    [Fact]
    public async Task A_batch_received_twice_is_counted_duplicated_per_publication_and_delivered_once()
    {
        await using var bus = await Loopback.JoinAsync();
        var delivered = 0;
        using var subscription = bus.Subscribe<Trade>((_, _) => delivered++);
        var batch = Batches.Frame(Publisher, 0, Batches.Trades(0, 4));

        bus.OnDatagram(batch, Sender);
        bus.OnDatagram(batch, Sender);

        Assert.Equal((4, 4L, 4L), (delivered, bus.Stats.Received, bus.Stats.Duplicated));
    }

    [Fact]
    public async Task A_malformed_element_is_reported_and_the_rest_of_the_batch_delivered()
    {
        await using var bus = await Loopback.JoinAsync();
        var delivered = new List<int>();
        var reports = new List<MalformedPublicationException>();
        bus.Malformed += reports.Add;
        using var subscription = bus.Subscribe<Trade>((trade, _) => delivered.Add(trade.Count));
        var contracts = Batches.Trades(0, 5);

        // Element 2 is complete MessagePack but no Trade: [typeId of Trade, "not an int"].
        contracts[2] = [0x92, .. contracts[2][1..^1], 0xa3, (byte)'a', (byte)'b', (byte)'c'];
        bus.OnDatagram(Batches.Frame(Publisher, 40, contracts), Sender);

        Assert.Equal([0, 1, 3, 4], delivered);
        var report = Assert.Single(reports);
        Assert.True(report.Reason.StartsWith("batch element 2 of 5 (publication 42): contract datagram (TypedDgram.Tests.PubSub.Trade, member Count)", StringComparison.Ordinal), report.Reason);
        Assert.Equal((5L, 1L, 0L), (bus.Stats.Received, bus.Stats.Malformed, bus.Stats.Lost));
    }

    [Fact]
    public async Task An_element_that_is_not_complete_MessagePack_makes_it_and_every_later_one_malformed()
    {
        await using var bus = await Loopback.JoinAsync();
        var delivered = new List<int>();
        var reports = new List<MalformedPublicationException>();
        bus.Malformed += reports.Add;
        using var subscription = bus.Subscribe<Trade>((trade, _) => delivered.Add(trade.Count));
        var contracts = Batches.Trades(0, 4);

        // Element 1 claims a 200-byte string: the walk to element 2 runs past the datagram.
        contracts[1] = [0x92, 0x01, 0xd9, 200, (byte)'x'];
        bus.OnDatagram(Batches.Frame(Publisher, 0, contracts), Sender);

        Assert.Equal([0], delivered);
        Assert.Equal(3, reports.Count);
        Assert.StartsWith("batch element 1 of 4 (publication 1): contract datagram: not a complete MessagePack value", reports[0].Reason, StringComparison.Ordinal);
        Assert.StartsWith("batch element 3 of 4 (publication 3): contract datagram: cannot be found", reports[2].Reason, StringComparison.Ordinal);

        // Their numbers did arrive: received, and malformed, as a publication alone whose contract cannot be read.
        Assert.Equal((4L, 3L, 0L), (bus.Stats.Received, bus.Stats.Malformed, bus.Stats.Lost));
    }

    [Fact]
    public async Task A_batch_whose_body_is_not_an_array_is_one_malformed_datagram_and_counts_nothing()
    {
        await using var bus = await Loopback.JoinAsync();
        var reports = new List<MalformedPublicationException>();
        bus.Malformed += reports.Add;
        var frame = Batches.Frame(Publisher, 0, Batches.Trades(0, 2));
        var header = PlainFrame.WriteHeader(new byte[PlainFrame.MaxHeaderLength], FrameKind.Batch, Publisher, 0);
        byte[] notAnArray = [.. frame[..header], 0xa2, (byte)'n', (byte)'o'];

        bus.OnDatagram(notAnArray, Sender);

        Assert.StartsWith("batch: the body is not an array", Assert.Single(reports).Reason, StringComparison.Ordinal);
        Assert.Equal(header, reports[0].Offset);
        Assert.Equal((0L, 1L), (bus.Stats.Received, bus.Stats.Malformed));
    }

    [Fact]
    public async Task Publications_of_a_batch_nobody_takes_are_each_counted_unhandled()
    {
        await using var bus = await Loopback.JoinAsync();
        var unhandled = new List<uint>();
        bus.Unhandled += (typeId, _) => unhandled.Add(typeId);
        using var subscription = bus.Subscribe<Tick>((_, _) => { });
        var contracts = Batches.Trades(0, 2).Append(DatagramEnvelope.Serialize(new Tick("ACME", 1))).ToArray();

        bus.OnDatagram(Batches.Frame(Publisher, 0, contracts), Sender);

        Assert.Equal([TypeIdOf<Trade>.Value, TypeIdOf<Trade>.Value], unhandled);
        Assert.Equal((3L, 2L), (bus.Stats.Received, bus.Stats.Unhandled));
    }

    [Fact]
    public async Task Receiving_a_batch_allocates_only_the_messages()
    {
        await using var bus = await Loopback.JoinAsync();
        var delivered = 0;
        using var subscription = bus.Subscribe<Trade>((_, _) => delivered++);
        var batches = Enumerable.Range(0, 11).Select(b => Batches.Frame(Publisher, (ulong)(b * 30), Batches.Trades(b * 30, 30))).ToArray();
        bus.OnDatagram(batches[0], Sender);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i <= 10; i++)
        {
            bus.OnDatagram(batches[i], Sender);
        }

        // One Trade per publication: object header, method table, int (24 bytes); nothing per batch but noise.
        Assert.InRange((GC.GetAllocatedBytesForCurrentThread() - before) / 300.0, 1, 32);
        Assert.Equal(330, delivered);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Keyed_batches_are_verified_once_delivered_whole_and_their_replay_rejected_per_publication(bool confidential)
    {
        var key = KeyedFrames.Key(1);
        MulticastOptions Keyed(MulticastOptions o) => new() { Group = o.Group, Port = o.Port, Interface = o.Interface, Key = key, Confidential = confidential };
        var (publisher, link) = HeldLink.NewBus(Keyed);
        await using var _ = publisher;
        for (var i = 0; i < 8; i++)
        {
            publisher.Publish(new Trade(i));
        }

        link.CompleteAll();
        Assert.Equal(2, link.Sent.Count);
        var inClear = link.Sent[1].AsSpan().IndexOf(DatagramEnvelope.Serialize(new Trade(5))) >= 0;
        Assert.Equal(!confidential, inClear);

        await using var receiver = await MulticastBus.JoinAsync(Keyed(Loopback.Options()));
        var delivered = new List<int>();
        using var subscription = receiver.Subscribe<Trade>((trade, _) => delivered.Add(trade.Count));
        foreach (var datagram in link.Sent)
        {
            receiver.OnDatagram(datagram, Sender);
        }

        receiver.OnDatagram(link.Sent[1], Sender);

        Assert.Equal(Enumerable.Range(0, 8), delivered);
        Assert.Equal((8L, 0L, 7L), (receiver.Stats.Received, receiver.Stats.Lost, receiver.Stats.Rejected));

        // One byte changed anywhere fails the one tag: the whole batch is rejected, counted once, nothing delivered.
        var forged = (byte[])link.Sent[1].Clone();
        forged[forged.Length / 2] ^= 1;
        receiver.OnDatagram(forged, Sender);
        Assert.Equal((8, 8L), (delivered.Count, receiver.Stats.Rejected));
    }
}
