using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub.Fragments;

/// <summary>
/// Publications larger than a datagram (issue 15): sent in fragments of at most <c>MaxDatagramSize</c>, put back together
/// and delivered once, over loopback multicast without a key, with HMAC and with AES-GCM; and what reassembly does with
/// fragments lost, reordered, repeated or malformed (those handed to the receive hook as the loop would).
/// </summary>
public class FragmentedPublicationTests
{
    private const ulong Publisher = 0x0123_4567_89AB_CDEF;
    private static readonly GroupKey Key = KeyedFrames.Key(1);
    private static readonly RemoteInfo From = new("127.0.0.1", "IPv4", 41234, 0);

    private static MulticastOptions Options(string suite, string? group = null, int port = 0, TimeSpan? timeout = null) => new()
    {
        Group = group ?? Loopback.NewGroup(),
        Port = port,
        Interface = Loopback.Interface,
        Key = suite == "none" ? null : Key,
        Confidential = suite == "aes-gcm",

        // A 1 MiB publication is about 750 datagrams sent at once: room for all of them (the system allows 4 MiB here).
        RecvBufferSize = 4 << 20,
        ReassemblyTimeout = timeout ?? TimeSpan.FromSeconds(3),
    };

    private static byte[] Content(int length) => Enumerable.Range(0, length).Select(i => (byte)((i * 7) + (i >> 8))).ToArray();

    [Theory]
    [InlineData(2 * 1024, "none")]
    [InlineData(256 * 1024, "none")]
    [InlineData(1024 * 1024 - 64, "none")]
    [InlineData(2 * 1024, "hmac")]
    [InlineData(256 * 1024, "hmac")]
    [InlineData(1024 * 1024 - 64, "hmac")]
    [InlineData(2 * 1024, "aes-gcm")]
    [InlineData(256 * 1024, "aes-gcm")]
    [InlineData(1024 * 1024 - 64, "aes-gcm")]
    public async Task A_publication_larger_than_a_datagram_arrives_whole_and_once(int size, string suite)
    {
        // 1 MiB less 64 bytes of payload: with the Blob's envelope the contract datagram is just under MaxPublicationSize.
        await using var publisher = await MulticastBus.JoinAsync(Options(suite));
        await using var subscriber = await MulticastBus.JoinAsync(Options(suite, publisher.Group, publisher.Port));
        var inbox = new Inbox<Blob>();
        using var subscription = subscriber.Subscribe<Blob>(inbox.Add);
        var content = Content(size);

        await publisher.PublishAsync(new Blob(content));
        await publisher.PublishAsync(new Blob([1, 2, 3]));
        await inbox.WhenCount(2);

        Assert.Equal(content, inbox.Messages[0].Payload);
        Assert.Equal([1, 2, 3], inbox.Messages[1].Payload);
        Assert.All(inbox.Senders, from => Assert.InRange(from.Size, 1, 1472));
        var stats = subscriber.Stats;
        Assert.Equal((Received: 2L, Lost: 0L, Rejected: 0L, Malformed: 0L), (stats.Received, stats.Lost, stats.Rejected, stats.Malformed));
        Assert.Equal((Reassembled: 1L, Pending: 0, PendingBytes: 0L), (stats.Fragments.Reassembled, stats.Fragments.Pending, stats.Fragments.PendingBytes));
        Assert.Equal(1UL, Assert.Single(stats.Publishers).HighestSequence);
    }

    [Fact]
    public async Task A_publication_over_MaxPublicationSize_is_refused_with_EMSGSIZE_and_uses_no_sequence_number()
    {
        await using var bus = await MulticastBus.JoinAsync(new MulticastOptions { Group = Loopback.NewGroup(), Interface = Loopback.Interface, MaxPublicationSize = 4_000 });
        var inbox = new Inbox<Blob>();
        using var subscription = bus.Subscribe<Blob>(inbox.Add);

        var error = await Assert.ThrowsAsync<DgramException>(async () => await bus.PublishAsync(new Blob(new byte[4_000])));
        await bus.PublishAsync(new Blob(new byte[3_000]));
        await inbox.WhenCount(1);

        Assert.Equal(DgramErrorCode.MessageTooLong, error.Code);
        Assert.Contains("A publication of Blob is 4009 bytes of contract, more than this bus's MaxPublicationSize of 4000", error.Message);
        Assert.Contains("raise MaxPublicationSize on every bus of the group", error.Message);
        Assert.Equal((0UL, 0L), (bus.Stats.Publishers.Single().HighestSequence, bus.Stats.Lost));
    }

    [Fact]
    public async Task A_MaxDatagramSize_too_small_for_a_fragment_refuses_larger_publications_with_EMSGSIZE()
    {
        await using var bus = await MulticastBus.JoinAsync(new MulticastOptions { Group = Loopback.NewGroup(), Interface = Loopback.Interface, MaxDatagramSize = 40, MaxPublicationSize = 1_000 });

        var error = await Assert.ThrowsAsync<DgramException>(async () => await bus.PublishAsync(new Blob(new byte[100])));

        Assert.Equal(DgramErrorCode.MessageTooLong, error.Code);
        Assert.Contains("MaxDatagramSize of 40, which is too small to carry it in fragments either (a fragment frame needs 53 bytes", error.Message);
    }

    [Fact]
    public async Task Fragments_in_reverse_order_and_repeated_deliver_the_publication_once()
    {
        await using var bus = await MulticastBus.JoinAsync(Options("none"));
        var inbox = new Inbox<Blob>();
        using var subscription = bus.Subscribe<Blob>(inbox.Add);
        var content = Content(10_000);
        var frames = FragmentFrames.Of(Publisher, 0, new Blob(content));

        foreach (var frame in frames.Reverse().Concat(frames))
        {
            bus.OnDatagram(frame, From);
        }

        Assert.Equal(content, Assert.Single(inbox.Messages).Payload);
        var stats = bus.Stats;
        Assert.Equal((Received: 1L, Duplicated: 0L), (stats.Received, stats.Duplicated));
        Assert.Equal((Reassembled: 1L, Duplicated: (long)frames.Length), (stats.Fragments.Reassembled, stats.Fragments.Duplicated));
    }

    [Fact]
    public async Task A_lost_fragment_in_best_effort_counts_the_publication_lost_once_and_releases_its_memory_after_the_deadline()
    {
        await using var bus = await MulticastBus.JoinAsync(Options("none", timeout: TimeSpan.FromMilliseconds(200)));
        var inbox = new Inbox<Blob>();
        using var subscription = bus.Subscribe<Blob>(inbox.Add);
        bus.OnDatagram(Loopback.Publication(Publisher, 0, new Blob([0])), From);
        var frames = FragmentFrames.Of(Publisher, 1, new Blob(Content(100_000)));

        foreach (var frame in frames.Where((_, i) => i != 40))
        {
            bus.OnDatagram(frame, From);
        }

        bus.OnDatagram(Loopback.Publication(Publisher, 2, new Blob([2])), From);
        var held = bus.Stats.Fragments;
        await WaitUntil(() => bus.Stats.Fragments.Pending == 0);

        Assert.Equal((1, true), (held.Pending, held.PendingBytes >= 100_000));
        var stats = bus.Stats;
        Assert.Equal((Received: 2L, Lost: 1L), (stats.Received, stats.Lost));
        Assert.Equal(FragmentStats.Empty with { Abandoned = 1 }, stats.Fragments);
        Assert.Equal([[0], [2]], inbox.Messages.Select(blob => blob.Payload));
    }

    [Fact]
    public async Task A_publication_completed_late_but_before_its_deadline_is_delivered_and_taken_off_lost()
    {
        await using var bus = await MulticastBus.JoinAsync(Options("none"));
        var inbox = new Inbox<Blob>();
        using var subscription = bus.Subscribe<Blob>(inbox.Add);
        bus.OnDatagram(Loopback.Publication(Publisher, 0, new Blob([0])), From);
        var frames = FragmentFrames.Of(Publisher, 1, new Blob(Content(5_000)));

        bus.OnDatagram(frames[0], From);
        bus.OnDatagram(Loopback.Publication(Publisher, 2, new Blob([2])), From);
        var lostMeanwhile = bus.Stats.Lost;
        foreach (var frame in frames.Skip(1))
        {
            bus.OnDatagram(frame, From);
        }

        Assert.Equal(1L, lostMeanwhile);
        var stats = bus.Stats;
        Assert.Equal((Received: 3L, Lost: 0L, Reordered: 1L), (stats.Received, stats.Lost, stats.Reordered));
        Assert.Equal(3, inbox.Messages.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_keyed_bus_reassembles_only_sealed_fragments(bool confidential)
    {
        await using var bus = await MulticastBus.JoinAsync(Options(confidential ? "aes-gcm" : "hmac"));
        var inbox = new Inbox<Blob>();
        using var subscription = bus.Subscribe<Blob>(inbox.Add);
        var content = Content(5_000);
        var forged = FragmentFrames.Of(Publisher, 0, new Blob(Content(5_000).Reverse().ToArray()));
        var otherKey = FragmentFrames.Of(Publisher, 0, new Blob(content), key: KeyedFrames.Key(1, fill: 0x17), confidential: confidential);
        var sealedFrames = FragmentFrames.Of(Publisher, 0, new Blob(content), key: Key, confidential: confidential);

        foreach (var frame in forged.Concat(otherKey).Concat(sealedFrames))
        {
            bus.OnDatagram(frame, From);
        }

        Assert.Equal(content, Assert.Single(inbox.Messages).Payload);
        var stats = bus.Stats;
        Assert.Equal((Rejected: (long)(forged.Length + otherKey.Length), Received: 1L), (stats.Rejected, stats.Received));
        Assert.Equal(FragmentStats.Empty with { Reassembled = 1 }, stats.Fragments);
    }

    [Fact]
    public async Task A_fragment_whose_body_does_not_read_is_counted_malformed_with_its_offset()
    {
        await using var bus = await MulticastBus.JoinAsync(Options("none"));
        var reports = new List<MalformedPublicationException>();
        bus.Malformed += reports.Add;

        bus.OnDatagram(FragmentFrames.Frame(Publisher, 0, [0x94, 0x00, 0x00, 0x00, 0xc4, 0x01, 0x00]), From);

        var report = Assert.Single(reports);
        Assert.Contains("fragment: the total length", report.Message);
        Assert.Equal(19 + 2, report.Offset); // a 19-byte header (frame number 0), then the total at byte 2 of the body
        Assert.Equal(1L, bus.Stats.Malformed);
    }

    [Fact]
    public async Task A_reassembled_publication_whose_number_was_used_is_rejected_by_a_keyed_bus_as_a_replay()
    {
        await using var bus = await MulticastBus.JoinAsync(Options("hmac"));
        var inbox = new Inbox<Blob>();
        using var subscription = bus.Subscribe<Blob>(inbox.Add);
        bus.OnDatagram(KeyedFrames.Publication(Key, Publisher, 0, new Blob([0])), From);

        // Publication number 0 again, in fragments: reassembled, then refused by the sequence check as any replay is.
        foreach (var frame in FragmentFrames.Of(Publisher, 0, new Blob(Content(3_000)), key: Key))
        {
            bus.OnDatagram(frame, From);
        }

        Assert.Single(inbox.Messages);
        Assert.Equal((Rejected: 1L, Received: 1L, Reassembled: 1L), (bus.Stats.Rejected, bus.Stats.Received, bus.Stats.Fragments.Reassembled));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Loopback.Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {Loopback.Timeout}");
            await Task.Delay(20);
        }
    }
}
