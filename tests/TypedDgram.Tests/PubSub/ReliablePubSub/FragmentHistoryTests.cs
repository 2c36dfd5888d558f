using System.Buffers;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub.ReliablePubSub;

/// <summary>
/// The publisher's history of fragment frames: kept one entry per frame (counted against its bounds like any frame), a
/// NAK of the publication's number re-sends them all, a fragment NAK only those carrying the bytes it names.
/// </summary>
public class FragmentHistoryTests
{
    private static readonly TransportDestination Group = new(5000, "239.255.0.1");
    private static readonly TimeSpan Now = TimeSpan.FromSeconds(10);
    private readonly List<ReliableSender.Repair> _repairs = [];

    // Publication 0 alone; publication 1 in 5 fragments of 100 bytes (frames tagged 10 .. 14 in their first byte);
    // publication 2 alone.
    private static ReliableSender Sender(int count = 100, int maxPerSecond = 20_000)
    {
        var sender = new ReliableSender(
            new HistoryOptions { Count = count },
            new RepairOptions { RepairHoldoff = TimeSpan.FromMilliseconds(5), MaxRetransmissionsPerSecond = maxPerSecond });
        sender.Record(0, 1, [0, 0xAA], Group);
        for (var i = 0; i < 5; i++)
        {
            sender.Record(1, 1, [(byte)(10 + i), 0xAA], Group, new FragmentSpan(i * 100, i == 4 ? 50 : 100));
        }

        sender.Record(2, 1, [2, 0xAA], Group);
        return sender;
    }

    private List<byte> Resent()
    {
        var tags = _repairs.Select(repair => repair.RentedBuffer[0]).ToList();
        foreach (var repair in _repairs)
        {
            ArrayPool<byte>.Shared.Return(repair.RentedBuffer);
        }

        _repairs.Clear();
        return tags;
    }

    [Fact]
    public void Every_fragment_frame_is_kept_and_counted()
    {
        var history = new RetransmissionHistory(maxCount: 100, maxBytes: 1000);
        history.Add(0, 1, new byte[10], Group);
        for (var i = 0; i < 5; i++)
        {
            history.Add(1, 1, new byte[20], Group, new FragmentSpan(i * 100, 100));
        }

        Assert.Equal((6, 110L), (history.Count, history.Bytes));
        Assert.Equal((0, 1, -1), (history.IndexOf(0), history.IndexOf(1), history.IndexOf(2)));
    }

    [Fact]
    public void Fragment_frames_count_against_the_byte_bound_and_the_oldest_go_first()
    {
        var history = new RetransmissionHistory(maxCount: 100, maxBytes: 50);
        for (var i = 0; i < 5; i++)
        {
            history.Add(1, 1, new byte[20], Group, new FragmentSpan(i * 100, 100));
        }

        // Two fragments fit: the last two; the first kept is then the fourth.
        Assert.Equal((2, 40L), (history.Count, history.Bytes));
        Assert.Equal(300, history.At(history.IndexOf(1)).Fragment.Offset);
    }

    [Fact]
    public void A_NAK_of_a_fragmented_publications_number_re_sends_all_its_fragments_in_order()
    {
        var sender = Sender();

        sender.OnNak([new SequenceRange(1, 1)], Now, _repairs);

        Assert.Equal([10, 11, 12, 13, 14], Resent());
    }

    [Fact]
    public void A_fragment_NAK_re_sends_only_the_fragments_carrying_the_bytes_it_names()
    {
        var sender = Sender();

        sender.OnFragmentNak(1, [new FragmentSpan(0, 1), new FragmentSpan(250, 100), new FragmentSpan(399, 1)], Now, _repairs);

        // Byte 0: the first; 250 .. 349: the third and fourth; 399: the last byte of the fourth.
        Assert.Equal([10, 12, 13], Resent());
        Assert.Equal((1L, 3L), (sender.NaksReceived, sender.Retransmissions));
    }

    [Fact]
    public void A_fragment_NAK_for_the_last_bytes_re_sends_the_last_fragment()
    {
        var sender = Sender();

        sender.OnFragmentNak(1, [new FragmentSpan(400, 50)], Now, _repairs);

        Assert.Equal([14], Resent());
    }

    [Fact]
    public void Fragment_NAKs_within_the_repair_holdoff_are_answered_once_and_after_it_again()
    {
        var sender = Sender();

        sender.OnFragmentNak(1, [new FragmentSpan(100, 1)], Now, _repairs);
        sender.OnFragmentNak(1, [new FragmentSpan(100, 1)], Now + TimeSpan.FromMilliseconds(4), _repairs);
        sender.OnNak([new SequenceRange(1, 1)], Now + TimeSpan.FromMilliseconds(4), _repairs);
        sender.OnFragmentNak(1, [new FragmentSpan(100, 1)], Now + TimeSpan.FromMilliseconds(10), _repairs);

        Assert.Equal([11, 10, 12, 13, 14, 11], Resent());
    }

    [Fact]
    public void Fragment_repairs_are_within_the_rate_limit()
    {
        // 20 a second: 2 per window of 100 ms.
        var sender = Sender(maxPerSecond: 20);

        sender.OnFragmentNak(1, [new FragmentSpan(0, 500)], Now, _repairs);

        Assert.Equal([10, 11], Resent());
        Assert.Equal(3, sender.RateLimited);
    }

    [Fact]
    public void A_fragment_NAK_for_a_publication_not_kept_re_sends_nothing()
    {
        var sender = Sender();

        sender.OnFragmentNak(7, [new FragmentSpan(0, 10)], Now, _repairs);

        Assert.Empty(Resent());
        Assert.Equal(1, sender.NotRetained);
    }
}
