using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub.ReliablePubSub;

/// <summary>One publisher's ordered stream, driven step by step with a hand-moved clock (no timers, no sockets).</summary>
public class OrderedStreamTests
{
    private const ulong Id = 0x0123456789ABCDEF;
    private static readonly RemoteInfo From = new("10.0.0.1", "IPv4", 5000, 10);

    private readonly List<ulong> _delivered = [];
    private readonly List<SequenceRange[]> _naks = [];
    private TimeSpan _now = TimeSpan.FromSeconds(10);

    private static RepairOptions Options(int holdBackCount = 1024) => new()
    {
        NakBackoff = TimeSpan.FromMilliseconds(5),
        NakHoldoff = TimeSpan.FromMilliseconds(20),
        RepairDeadline = TimeSpan.FromSeconds(1),
        HoldBackCount = holdBackCount,
    };

    private OrderedStream Stream(ulong first = 0, bool authenticated = true, RepairOptions? options = null) =>
        new(Id, first, options ?? Options(), new Random(42), authenticated, (_, number, payload, _, _) =>
        {
            Assert.Equal((byte)number, payload.Span[0]);
            _delivered.Add(number);
        });

    private ArrivalVerdict Arrive(OrderedStream stream, ulong number) => stream.Arrive(number, new[] { (byte)number }, 20, From, _now);

    private void Poll(OrderedStream stream, TimeSpan after)
    {
        _now += after;
        stream.Poll(_now, (publisher, ranges) =>
        {
            Assert.Equal(Id, publisher);
            _naks.Add(ranges.ToArray());
        });
    }

    [Fact]
    public void Publications_in_order_are_delivered_at_once_and_nothing_is_asked()
    {
        var stream = Stream();

        for (ulong n = 0; n < 5; n++)
        {
            Assert.Equal(ArrivalVerdict.Delivered, Arrive(stream, n));
        }

        Poll(stream, TimeSpan.FromSeconds(2));
        Assert.Equal([0UL, 1, 2, 3, 4], _delivered);
        Assert.Empty(_naks);
        Assert.False(stream.NeedsPolling);
    }

    [Fact]
    public void Publications_after_a_gap_are_held_until_the_repair_then_delivered_in_order()
    {
        var stream = Stream();
        Arrive(stream, 0);

        Assert.Equal(ArrivalVerdict.Held, Arrive(stream, 3));
        Assert.Equal(ArrivalVerdict.Held, Arrive(stream, 4));
        Assert.Equal([0UL], _delivered);
        Assert.Equal(ArrivalVerdict.Held, Arrive(stream, 2));
        Assert.Equal(ArrivalVerdict.Delivered, Arrive(stream, 1));

        Assert.Equal([0UL, 1, 2, 3, 4], _delivered);
        Assert.Equal((2L, 0L, 0, 0), (stream.Recovered, stream.Unrecoverable, stream.Held, stream.Missing));
    }

    [Fact]
    public void After_its_back_off_a_subscriber_NAKs_exactly_the_missing_numbers_as_ranges()
    {
        var stream = Stream();
        Arrive(stream, 0);
        Arrive(stream, 3);
        Arrive(stream, 5);
        Arrive(stream, 9);

        Poll(stream, TimeSpan.FromMilliseconds(6));

        var nak = Assert.Single(_naks);
        Assert.Equal([new SequenceRange(1, 2), new SequenceRange(4, 1), new SequenceRange(6, 3)], nak);
        Assert.Equal(1, stream.NaksSent);
    }

    [Fact]
    public void No_NAK_leaves_before_the_random_back_off_ends()
    {
        var stream = Stream();
        Arrive(stream, 0);
        Arrive(stream, 2);

        // The back-off is drawn from 0 to 5 ms (new Random(42) draws above 0): not over at the moment of the gap.
        Poll(stream, TimeSpan.Zero);

        Assert.Empty(_naks);
        Poll(stream, TimeSpan.FromMilliseconds(5));
        Assert.Single(_naks);
    }

    [Fact]
    public void Another_subscribers_NAK_for_the_same_numbers_suppresses_this_ones()
    {
        var stream = Stream();
        Arrive(stream, 0);
        Arrive(stream, 3);

        stream.SuppressBy([new SequenceRange(1, 2)]);
        Poll(stream, TimeSpan.FromMilliseconds(6));

        Assert.Empty(_naks);
        Assert.Equal((0L, 1L), (stream.NaksSent, stream.NaksSuppressed));
    }

    [Fact]
    public void Another_subscribers_NAK_for_some_of_the_numbers_leaves_only_the_others_to_ask_for()
    {
        var stream = Stream();
        Arrive(stream, 0);
        Arrive(stream, 4);

        stream.SuppressBy([new SequenceRange(1, 2)]);
        Poll(stream, TimeSpan.FromMilliseconds(6));

        Assert.Equal([new SequenceRange(3, 1)], Assert.Single(_naks));
    }

    [Fact]
    public void A_subscriber_holds_off_after_its_NAK_and_asks_again_only_after_the_holdoff()
    {
        var stream = Stream();
        Arrive(stream, 0);
        Arrive(stream, 2);
        Poll(stream, TimeSpan.FromMilliseconds(6));

        Poll(stream, TimeSpan.FromMilliseconds(19));
        Poll(stream, TimeSpan.FromMilliseconds(1));
        Assert.Single(_naks);

        // The holdoff is over: a new back-off, then the second NAK.
        Poll(stream, TimeSpan.FromMilliseconds(6));
        Assert.Equal(2, _naks.Count);
        Assert.Equal([new SequenceRange(1, 1)], _naks[1]);
    }

    [Fact]
    public void A_gap_past_its_deadline_is_given_up_counted_unrecoverable_and_the_stream_goes_on()
    {
        var stream = Stream();
        Arrive(stream, 0);
        Arrive(stream, 2);
        Arrive(stream, 3);

        Poll(stream, TimeSpan.FromMilliseconds(999));
        Assert.Equal([0UL], _delivered);
        Poll(stream, TimeSpan.FromMilliseconds(1));

        Assert.Equal([0UL, 2, 3], _delivered);
        Assert.Equal((1L, 0L), (stream.Unrecoverable, stream.Recovered));
        Assert.False(stream.NeedsPolling);
        Assert.Equal(ArrivalVerdict.Duplicate, Arrive(stream, 1));
        Assert.Equal([0UL, 2, 3], _delivered);
    }

    [Fact]
    public void A_full_hold_back_buffer_gives_up_the_oldest_gap_instead_of_stalling()
    {
        var stream = Stream(options: Options(holdBackCount: 3));
        Arrive(stream, 0);
        Arrive(stream, 2);
        Arrive(stream, 3);
        Arrive(stream, 5);

        Assert.Equal(ArrivalVerdict.Held, Arrive(stream, 6));

        Assert.Equal([0UL, 2, 3], _delivered);
        Assert.Equal((1L, 2), (stream.Unrecoverable, stream.Held));
    }

    [Fact]
    public void A_publication_is_delivered_once_however_often_it_arrives()
    {
        var stream = Stream();
        Arrive(stream, 0);
        Arrive(stream, 2);

        Assert.Equal(ArrivalVerdict.Duplicate, Arrive(stream, 2));
        Arrive(stream, 1);
        Assert.Equal(ArrivalVerdict.Duplicate, Arrive(stream, 1));
        Assert.Equal(ArrivalVerdict.Duplicate, Arrive(stream, 0));

        Assert.Equal([0UL, 1, 2], _delivered);
        Assert.Equal(3, stream.Duplicates);
    }

    [Fact]
    public void An_announced_highest_number_makes_a_lost_tail_a_gap_to_NAK()
    {
        var stream = Stream();
        Arrive(stream, 0);
        Arrive(stream, 1);

        stream.Announce(3, _now);
        Poll(stream, TimeSpan.FromMilliseconds(6));

        Assert.Equal([new SequenceRange(2, 2)], Assert.Single(_naks));
        Arrive(stream, 2);
        Arrive(stream, 3);
        Assert.Equal([0UL, 1, 2, 3], _delivered);
        Assert.Equal(2, stream.Recovered);
    }

    [Fact]
    public void A_publisher_gone_delivers_what_is_held_and_gives_up_its_gaps()
    {
        var stream = Stream();
        Arrive(stream, 0);
        Arrive(stream, 2);
        Arrive(stream, 4);

        stream.Abandon();

        Assert.Equal([0UL, 2, 4], _delivered);
        Assert.Equal(2, stream.Unrecoverable);
        Assert.False(stream.NeedsPolling);
    }

    [Fact]
    public void Without_a_key_one_publication_far_beyond_the_window_is_not_believed()
    {
        var stream = Stream(authenticated: false);
        Arrive(stream, 0);

        Assert.Equal(ArrivalVerdict.Ignored, Arrive(stream, 100_000));

        Assert.Equal(0, stream.Missing);
        Assert.Equal(ArrivalVerdict.Delivered, Arrive(stream, 1));
    }

    [Fact]
    public void Without_a_key_three_in_a_row_beyond_the_window_move_the_stream_to_them()
    {
        var stream = Stream(authenticated: false);
        Arrive(stream, 0);

        Arrive(stream, 5000);
        Arrive(stream, 5001);
        Assert.Equal(ArrivalVerdict.Delivered, Arrive(stream, 5002));

        Assert.Equal(5003UL, stream.Next);
        Assert.Equal(5001, stream.Unrecoverable);
    }

    [Fact]
    public void With_a_key_a_jump_beyond_the_window_is_believed_at_once()
    {
        var stream = Stream();
        Arrive(stream, 0);
        Arrive(stream, 2);

        Assert.Equal(ArrivalVerdict.Delivered, Arrive(stream, 3000));

        Assert.Equal([0UL, 2, 3000], _delivered);
        Assert.Equal(2998, stream.Unrecoverable);
    }

    [Fact]
    public void A_subscriber_that_lost_more_runs_than_one_NAK_names_asks_for_them_in_several_NAKs_at_once()
    {
        var stream = Stream();
        for (ulong n = 0; n < 400; n += 2)
        {
            Arrive(stream, n);
        }

        Poll(stream, TimeSpan.FromMilliseconds(6));

        Assert.Equal([64, 64, 64, 7], _naks.Select(nak => nak.Length));
        Assert.Equal(Enumerable.Range(0, 199).Select(i => new SequenceRange((ulong)(2 * i) + 1, 1)), _naks.SelectMany(nak => nak));
    }

    [Fact]
    public void A_gap_wider_than_the_first_ring_is_held_and_repaired()
    {
        var stream = Stream();
        for (ulong n = 0; n < 10; n++)
        {
            Arrive(stream, n);
        }

        for (ulong n = 11; n < 500; n++)
        {
            Assert.Equal(ArrivalVerdict.Held, Arrive(stream, n));
        }

        Assert.Equal(ArrivalVerdict.Delivered, Arrive(stream, 10));
        Assert.Equal(Enumerable.Range(0, 500).Select(n => (ulong)n), _delivered);
    }

    [Fact]
    public void A_late_joiner_holds_the_live_stream_until_its_history_arrived_then_delivers_it_first()
    {
        var stream = new OrderedStream(Id, 50, Options(), new Random(42), authenticated: true, (_, number, _, _, _) => _delivered.Add(number), joinUntil: _now + TimeSpan.FromMilliseconds(100));

        Assert.Equal(ArrivalVerdict.Held, Arrive(stream, 50));
        Assert.Equal(ArrivalVerdict.Held, Arrive(stream, 51));
        for (ulong n = 40; n < 50; n++)
        {
            Arrive(stream, n);
        }

        Poll(stream, TimeSpan.FromMilliseconds(50));
        Assert.Empty(_delivered);
        Poll(stream, TimeSpan.FromMilliseconds(50));

        Assert.Equal(Enumerable.Range(40, 12).Select(n => (ulong)n), _delivered);
        Assert.Equal((0L, 0L, 0L), (stream.Recovered, stream.Unrecoverable, stream.Duplicates));
        Assert.Equal(ArrivalVerdict.Duplicate, Arrive(stream, 45));
    }

    [Fact]
    public void A_late_joiner_holds_more_than_the_probation_window_while_it_waits_for_the_history()
    {
        var stream = new OrderedStream(Id, 0, Options(holdBackCount: 4096), new Random(42), authenticated: false, (_, number, _, _, _) => _delivered.Add(number), joinUntil: _now + TimeSpan.FromMilliseconds(100));

        for (ulong n = 0; n < 2000; n++)
        {
            Assert.Equal(ArrivalVerdict.Held, Arrive(stream, n));
        }

        Poll(stream, TimeSpan.FromMilliseconds(100));

        Assert.Equal(2000, _delivered.Count);
        Assert.Equal(0, stream.Unrecoverable);
    }
}
