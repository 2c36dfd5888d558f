using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.ReliablePubSub;

/// <summary>
/// Reliable mode repairs fragmented publications (issue 15): a subscriber whose <see cref="LossyLink"/> drops chosen
/// fragment frames asks for the bytes it lacks (fragment NAKs, kind 6) and gets exactly those fragments again; one that
/// lost every fragment NAKs the publication's number and gets all of them. Without a key, with HMAC and with AES-GCM
/// (a repair is the sealed frame again). The publisher's own link watches which NAK kinds reach it.
/// </summary>
public class FragmentRepairTests
{
    private static readonly GroupKey Key = KeyedFrames.Key(1);

    // 20,000 bytes of payload: 15 fragment frames of a 1,472-byte datagram without a key, 16 with one, numbered from 0
    // (the first publication goes alone, so the large one is the publisher's first fragmented one).
    private const int LargeSize = 20_000;

    // Stands for "the last fragment frame" in a list of frames to drop.
    private const int Last = -1;

    private static MulticastOptions Options(string suite, string? group = null, int port = 0) => new()
    {
        Group = group ?? Loopback.NewGroup(),
        Port = port,
        Interface = Loopback.Interface,
        Reliability = ReliabilityMode.Reliable,
        Key = suite == "none" ? null : Key,
        Confidential = suite == "aes-gcm",
        RecvBufferSize = 4 << 20,
    };

    private static byte[] Content(int length) => Enumerable.Range(0, length).Select(i => (byte)((i * 7) + (i >> 8))).ToArray();

    /// <summary>
    /// Publishes a small publication, a large one, and a small one (which reveals the large one missing) to a subscriber
    /// that drops the fragment frames <paramref name="dropped"/> the first <paramref name="times"/> they arrive
    /// (<c>[Last]</c>: the last fragment; <c>[]</c>: every fragment).
    /// </summary>
    private static async Task<Outcome> RunAsync(string suite, int[] dropped, int times = 1, int size = LargeSize)
    {
        var naks = new NakKinds();
        var (publisher, publisherLink) = await LossyLink.JoinAsync(Options(suite), naks.Observe);
        await using var _p = publisher;
        var remaining = dropped.ToDictionary(frame => (ulong)frame, _ => times);
        var content = Content(size);
        var contractLength = TypedDgram.Contracts.DatagramEnvelope.Serialize(new Blob(content)).Length;
        var fragments = (contractLength + publisher.FragmentPieceLength() - 1) / publisher.FragmentPieceLength();
        if (dropped.Length == 1 && dropped[0] == Last)
        {
            remaining = new() { [(ulong)fragments - 1] = times };
        }
        else if (dropped.Length == 0)
        {
            remaining = Enumerable.Range(0, fragments).ToDictionary(frame => (ulong)frame, _ => times);
        }

        var (subscriber, link) = await LossyLink.JoinAsync(Options(suite, publisher.Group, publisher.Port), header =>
        {
            lock (remaining)
            {
                if (header.Kind != FrameKind.Fragment || !remaining.TryGetValue(header.Sequence, out var left) || left == 0)
                {
                    return false;
                }

                remaining[header.Sequence] = left - 1;
                return true;
            }
        });
        await using var _s = subscriber;
        var inbox = new Inbox<Blob>();
        using var subscription = subscriber.Subscribe<Blob>(inbox.Add);

        await publisher.PublishAsync(new Blob([1]));
        await publisher.PublishAsync(new Blob(content));
        await publisher.PublishAsync(new Blob([3]));
        try
        {
            await inbox.WhenCount(3).Within();
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{inbox.Messages.Count} of 3 delivered. Subscriber: {subscriber.Stats}. Publisher: {publisher.Stats}. Dropped {link.Dropped}.");
        }

        Assert.Equal([1], inbox.Messages[0].Payload);
        Assert.Equal(content, inbox.Messages[1].Payload);
        Assert.Equal([3], inbox.Messages[2].Payload);
        return new Outcome(subscriber.Stats, publisher.Stats, link.Dropped, naks.Whole, naks.Fragments, fragments);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("hmac")]
    [InlineData("aes-gcm")]
    public async Task A_lost_middle_fragment_is_asked_for_by_its_bytes_and_re_sent_alone(string suite)
    {
        var outcome = await RunAsync(suite, dropped: [5]);

        outcome.AssertDeliveredOnceRecovered(dropped: 1);
        Assert.True(outcome.FragmentNaks >= 1, outcome.ToString());
        Assert.Equal(0, outcome.WholeNaks);

        // Each fragment NAK re-sends at most the one fragment (a second round only if the machine delayed the first
        // repair past the holdoff).
        Assert.InRange(outcome.Publisher.Retransmissions, 1, outcome.FragmentNaks);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("hmac")]
    [InlineData("aes-gcm")]
    public async Task A_lost_first_fragment_is_repaired(string suite)
    {
        var outcome = await RunAsync(suite, dropped: [0]);

        outcome.AssertDeliveredOnceRecovered(dropped: 1);
        Assert.Equal(0, outcome.WholeNaks);
        Assert.InRange(outcome.Publisher.Retransmissions, 1, outcome.FragmentNaks);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("hmac")]
    [InlineData("aes-gcm")]
    public async Task A_lost_last_fragment_is_repaired(string suite)
    {
        var outcome = await RunAsync(suite, dropped: [Last]);

        outcome.AssertDeliveredOnceRecovered(dropped: 1);
        Assert.Equal(0, outcome.WholeNaks);
        Assert.InRange(outcome.Publisher.Retransmissions, 1, outcome.FragmentNaks);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("hmac")]
    [InlineData("aes-gcm")]
    public async Task Several_scattered_fragments_are_asked_for_in_one_fragment_NAK(string suite)
    {
        var outcome = await RunAsync(suite, dropped: [0, 4, 5, 9, 12]);

        outcome.AssertDeliveredOnceRecovered(dropped: 5);
        Assert.Equal(0, outcome.WholeNaks);
        Assert.InRange(outcome.Publisher.Retransmissions, 5, 5 * outcome.FragmentNaks);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("hmac")]
    [InlineData("aes-gcm")]
    public async Task A_publication_whose_every_fragment_was_lost_is_a_plain_gap_whose_NAK_brings_every_fragment_back(string suite)
    {
        var outcome = await RunAsync(suite, dropped: []);

        outcome.AssertDeliveredOnceRecovered(dropped: outcome.Fragments);
        Assert.True(outcome.WholeNaks >= 1, outcome.ToString());
        Assert.Equal(0, outcome.FragmentNaks);
        Assert.True(outcome.Publisher.Retransmissions >= outcome.Fragments, outcome.ToString());
    }

    [Theory]
    [InlineData("none")]
    [InlineData("hmac")]
    [InlineData("aes-gcm")]
    public async Task A_fragment_lost_and_its_repair_lost_once_is_asked_for_again_and_repaired(string suite)
    {
        var outcome = await RunAsync(suite, dropped: [7], times: 2);

        outcome.AssertDeliveredOnceRecovered(dropped: 2);
        Assert.True(outcome.FragmentNaks >= 2, outcome.ToString());
        Assert.True(outcome.Publisher.Retransmissions >= 2, outcome.ToString());
        Assert.True(outcome.Subscriber.NaksSent >= 2, outcome.ToString());
    }

    [Fact]
    public async Task A_256_KiB_publication_losing_one_fragment_in_twenty_gets_back_only_what_it_lost()
    {
        // 186 fragments; every 20th dropped once (10 of them).
        var dropped = Enumerable.Range(0, 186).Where(frame => frame % 20 == 3).ToArray();
        var outcome = await RunAsync("none", dropped, size: 256 * 1024);

        outcome.AssertDeliveredOnceRecovered(dropped: dropped.Length);
        Assert.Equal(0, outcome.WholeNaks);
        // Far fewer than the 186 a whole re-send would cost, even if a loaded machine repeats a round or two.
        Assert.InRange(outcome.Publisher.Retransmissions, dropped.Length, outcome.Fragments - 1);
    }

    /// <summary>What a run left: the subscriber's and publisher's counts, and the NAK frames the publisher received by kind.</summary>
    private sealed record Outcome(BusStats Subscriber, BusStats Publisher, int Dropped, int WholeNaks, int FragmentNaks, int Fragments)
    {
        public void AssertDeliveredOnceRecovered(int dropped)
        {
            Assert.Equal(dropped, Dropped);
            Assert.Equal((Received: 3L, Lost: 0L, Recovered: 1L, Unrecoverable: 0L), (Subscriber.Received, Subscriber.Lost, Subscriber.Recovered, Subscriber.Unrecoverable));
            var fragments = Subscriber.Fragments;
            Assert.Equal((Reassembled: 1L, Abandoned: 0L, Rejected: 0L, Pending: 0, PendingBytes: 0L), (fragments.Reassembled, fragments.Abandoned, fragments.Rejected, fragments.Pending, fragments.PendingBytes));
            Assert.Equal(0, Subscriber.Rejected);
        }
    }

    /// <summary>Counts, without dropping any, the NAK frames (kind 3) and fragment NAK frames (kind 6) a bus receives.</summary>
    private sealed class NakKinds
    {
        private int _whole;
        private int _fragments;

        public int Whole => Volatile.Read(ref _whole);

        public int Fragments => Volatile.Read(ref _fragments);

        public bool Observe(FrameHeader header)
        {
            if (header.Kind == FrameKind.Nak)
            {
                Interlocked.Increment(ref _whole);
            }
            else if (header.Kind == FrameKind.FragmentNak)
            {
                Interlocked.Increment(ref _fragments);
            }

            return false;
        }
    }
}
