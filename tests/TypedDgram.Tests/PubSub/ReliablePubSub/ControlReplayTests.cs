using System.Buffers;
using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.ReliablePubSub;

/// <summary>
/// A keyed bus in reliable mode acts on each NAK, fragment NAK and history request once: a replayed copy (the same
/// sealed frame again, or one too far behind the sender's newest) is rejected and counted, and re-sends nothing.
/// </summary>
public class ControlReplayTests
{
    private const ulong Subscriber = 0xFEDC_BA98_7654_3210;
    private static readonly GroupKey Key = KeyedFrames.Key(1);

    [Fact]
    public void A_frame_number_is_accepted_once_in_any_order_within_the_window()
    {
        var window = new ControlReplayWindow(maxWindows: 16);

        Assert.True(window.TryAccept(Subscriber, FrameKind.Nak, 5));
        Assert.True(window.TryAccept(Subscriber, FrameKind.Nak, 3));
        Assert.True(window.TryAccept(Subscriber, FrameKind.Nak, 70));
        Assert.False(window.TryAccept(Subscriber, FrameKind.Nak, 5));
        Assert.False(window.TryAccept(Subscriber, FrameKind.Nak, 70));
        Assert.True(window.TryAccept(Subscriber, FrameKind.Nak, 7));
        Assert.False(window.TryAccept(Subscriber, FrameKind.Nak, 6), "64 or more behind the newest: too old to tell from a replay");
    }

    [Fact]
    public void Each_kind_and_each_sender_has_its_own_numbers()
    {
        var window = new ControlReplayWindow(maxWindows: 16);

        Assert.True(window.TryAccept(Subscriber, FrameKind.Nak, 0));
        Assert.True(window.TryAccept(Subscriber, FrameKind.FragmentNak, 0));
        Assert.True(window.TryAccept(Subscriber, FrameKind.HistoryRequest, 0));
        Assert.True(window.TryAccept(~Subscriber, FrameKind.Nak, 0));
        Assert.False(window.TryAccept(Subscriber, FrameKind.FragmentNak, 0));
    }

    [Fact]
    public void Beyond_its_bound_the_least_recently_heard_sender_is_forgotten()
    {
        var window = new ControlReplayWindow(maxWindows: 2);
        window.TryAccept(1, FrameKind.Nak, 0);
        window.TryAccept(2, FrameKind.Nak, 0);
        window.TryAccept(1, FrameKind.Nak, 1);

        window.TryAccept(3, FrameKind.Nak, 0);

        Assert.False(window.TryAccept(1, FrameKind.Nak, 1));
        Assert.True(window.TryAccept(2, FrameKind.Nak, 0), "forgotten: its old frame is taken once more");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_replayed_NAK_is_rejected_and_re_sends_nothing(bool confidential)
    {
        await using var publisher = await MulticastBus.JoinAsync(Options(confidential));
        await publisher.PublishAsync(new Trade(1));
        await using var raw = await Loopback.RawSenderAsync();
        var body = new ArrayBufferWriter<byte>();
        NakBody.Write(body, publisher.PublisherId, [new SequenceRange(0, 1)]);
        var nak = KeyedFrames.Frame(Key, Subscriber, FrameKind.Nak, 0, body.WrittenSpan, confidential);

        await raw.SendAsync(nak, publisher.Port, publisher.Group);
        await Until(() => publisher.Stats.Retransmissions == 1);
        await raw.SendAsync(nak, publisher.Port, publisher.Group);
        await Until(() => publisher.Stats.Rejected == 1);

        var stats = publisher.Stats;
        Assert.Equal((NaksReceived: 1L, Retransmissions: 1L, Rejected: 1L), (stats.NaksReceived, stats.Retransmissions, stats.Rejected));
    }

    [Fact]
    public async Task A_replayed_fragment_NAK_or_history_request_is_rejected()
    {
        await using var publisher = await MulticastBus.JoinAsync(Options(confidential: false));
        await publisher.PublishAsync(new Blob(new byte[5_000]));
        await using var raw = await Loopback.RawSenderAsync();
        var body = new ArrayBufferWriter<byte>();
        FragmentNakBody.Write(body, publisher.PublisherId, 0, [new FragmentSpan(0, 1)]);
        var fragmentNak = KeyedFrames.Frame(Key, Subscriber, FrameKind.FragmentNak, 0, body.WrittenSpan);
        var request = new byte[HistoryRequestBody.Length];
        HistoryRequestBody.Write(request, publisher.PublisherId);
        var history = KeyedFrames.Frame(Key, Subscriber, FrameKind.HistoryRequest, 0, request);

        await raw.SendAsync(fragmentNak, publisher.Port, publisher.Group);
        await raw.SendAsync(history, publisher.Port, publisher.Group);
        await Until(() => publisher.Stats.NaksReceived == 1 && publisher.Stats.Retransmissions >= 2);
        var before = publisher.Stats.Retransmissions;
        await raw.SendAsync(fragmentNak, publisher.Port, publisher.Group);
        await raw.SendAsync(history, publisher.Port, publisher.Group);
        await Until(() => publisher.Stats.Rejected == 2);

        var stats = publisher.Stats;
        Assert.Equal((NaksReceived: 1L, Retransmissions: before, Rejected: 2L), (stats.NaksReceived, stats.Retransmissions, stats.Rejected));
    }

    private static MulticastOptions Options(bool confidential) => new()
    {
        Group = Loopback.NewGroup(),
        Interface = Loopback.Interface,
        Reliability = ReliabilityMode.Reliable,
        Key = Key,
        Confidential = confidential,
    };

    // Bounded polling of a count the receive loop moves (no event says "this frame was read").
    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Loopback.Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(5);
        }
    }
}
