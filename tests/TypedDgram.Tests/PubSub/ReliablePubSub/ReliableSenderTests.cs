using System.Buffers;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub.ReliablePubSub;

/// <summary>The publisher's repair: exactly what is asked, once per holdoff however many ask, never beyond its rate.</summary>
public class ReliableSenderTests
{
    private static readonly TransportDestination Group = new(5000, "239.255.0.1");
    private readonly List<byte> _resent = [];
    private readonly TimeSpan _now = TimeSpan.FromSeconds(10);

    private static ReliableSender Sender(int count = 100, int maxPerSecond = 20_000)
    {
        var sender = new ReliableSender(
            new HistoryOptions { Count = count },
            new RepairOptions { RepairHoldoff = TimeSpan.FromMilliseconds(5), MaxRetransmissionsPerSecond = maxPerSecond });
        for (ulong n = 0; n < (ulong)count; n++)
        {
            sender.Record(n, 1, [(byte)n, 0xAA], Group);
        }

        return sender;
    }

    private readonly List<ReliableSender.Repair> _repairs = [];

    // The first byte of every frame handed out for re-sending so far (each frame's first byte is its number).
    private List<byte> Resent()
    {
        foreach (var repair in _repairs)
        {
            Assert.Equal(Group, repair.Destination);
            Assert.Equal(2, repair.Length);
            _resent.Add(repair.RentedBuffer[0]);
            ArrayPool<byte>.Shared.Return(repair.RentedBuffer);
        }

        _repairs.Clear();
        return _resent;
    }

    [Fact]
    public void A_NAK_re_sends_exactly_the_frames_it_names_verbatim()
    {
        var sender = Sender();

        sender.OnNak([new SequenceRange(3, 2), new SequenceRange(9, 1)], _now, _repairs);

        Assert.Equal([3, 4, 9], Resent());
        Assert.Equal((1L, 3L), (sender.NaksReceived, sender.Retransmissions));
    }

    [Fact]
    public void NAKs_for_the_same_frame_within_the_repair_holdoff_are_answered_by_one_retransmission()
    {
        var sender = Sender();

        sender.OnNak([new SequenceRange(3, 1)], _now, _repairs);
        sender.OnNak([new SequenceRange(3, 1)], _now + TimeSpan.FromMilliseconds(4), _repairs);
        Assert.Equal([3], Resent());

        sender.OnNak([new SequenceRange(3, 1)], _now + TimeSpan.FromMilliseconds(5), _repairs);
        Assert.Equal([3, 3], Resent());
    }

    [Fact]
    public void Numbers_no_longer_kept_are_counted_not_sent()
    {
        var sender = Sender(count: 10);
        sender.Record(10, 1, [10, 0xAA], Group);

        sender.OnNak([new SequenceRange(0, 2)], _now, _repairs);

        Assert.Equal([1], Resent());
        Assert.Equal(1, sender.NotRetained);
    }

    [Fact]
    public void A_forged_NAK_for_every_number_re_sends_no_more_than_the_rate_allows()
    {
        var sender = Sender(count: 100, maxPerSecond: 200);

        for (var i = 0; i < 50; i++)
        {
            // Past the holdoff each time, so only the rate limit holds it back.
            sender.OnNak([new SequenceRange(0, uint.MaxValue)], _now + TimeSpan.FromMilliseconds(6 * (i % 10)), _repairs);
        }

        Assert.Equal(20, Resent().Count);
        Assert.True(sender.RateLimited > 0);
    }

    [Fact]
    public void A_late_joiners_request_re_sends_the_history_oldest_first()
    {
        var sender = Sender(count: 5);

        Assert.Equal(3, sender.ResendFrom(2, _now, _repairs));

        Assert.Equal([2, 3, 4], Resent());
    }
}
