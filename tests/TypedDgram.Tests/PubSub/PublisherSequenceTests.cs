using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub;

public class PublisherSequenceTests
{
    private const ulong Id = 0xA1B2C3D4E5F60718;
    private const int Window = PublisherSequence.Window;

    private static PublisherSequence Feed(params ulong[] sequences)
    {
        var publisher = new PublisherSequence(Id, sequences[0]);
        foreach (var sequence in sequences.AsSpan(1))
        {
            publisher.Observe(sequence);
        }

        return publisher;
    }

    private static void AssertCounts(PublisherSequence p, long received, long lost, long duplicated, long reordered, long stale = 0)
    {
        Assert.Equal(
            (received, lost, duplicated, reordered, stale),
            (p.Received, p.Lost, p.Duplicated, p.Reordered, p.Stale));
    }

    [Fact]
    public void First_publication_counts_received_and_nothing_else()
    {
        var p = new PublisherSequence(Id, 0);

        AssertCounts(p, received: 1, lost: 0, duplicated: 0, reordered: 0);
        Assert.Equal(0UL, p.Highest);
    }

    [Fact]
    public void In_order_publications_are_accepted_with_nothing_lost()
    {
        var p = new PublisherSequence(Id, 0);

        for (ulong n = 1; n < 5000; n++)
        {
            Assert.Equal(SequenceVerdict.Accepted, p.Observe(n));
        }

        AssertCounts(p, received: 5000, lost: 0, duplicated: 0, reordered: 0);
    }

    [Fact]
    public void Skipped_numbers_are_counted_lost_when_a_newer_one_arrives()
    {
        var p = Feed(0, 1);

        Assert.Equal(SequenceVerdict.Accepted, p.Observe(5));

        AssertCounts(p, received: 3, lost: 3, duplicated: 0, reordered: 0);
        Assert.Equal(5UL, p.Highest);
    }

    [Fact]
    public void Late_arrival_within_window_is_delivered_counted_reordered_and_taken_off_lost()
    {
        var p = Feed(0, 2);

        Assert.Equal(SequenceVerdict.Reordered, p.Observe(1));

        AssertCounts(p, received: 3, lost: 0, duplicated: 0, reordered: 1);
    }

    [Fact]
    public void Late_arrival_seen_again_is_a_duplicate_and_counted_reordered_only_once()
    {
        var p = Feed(0, 2, 1);

        Assert.Equal(SequenceVerdict.Duplicate, p.Observe(1));

        AssertCounts(p, received: 3, lost: 0, duplicated: 1, reordered: 1);
    }

    [Fact]
    public void Repeat_of_the_newest_is_a_duplicate_not_delivered()
    {
        var p = Feed(0, 1);

        Assert.Equal(SequenceVerdict.Duplicate, p.Observe(1));

        AssertCounts(p, received: 2, lost: 0, duplicated: 1, reordered: 0);
    }

    [Fact]
    public void Repeat_of_the_first_is_a_duplicate()
    {
        var p = Feed(7, 8, 9);

        Assert.Equal(SequenceVerdict.Duplicate, p.Observe(7));

        AssertCounts(p, received: 3, lost: 0, duplicated: 1, reordered: 0);
    }

    [Fact]
    public void Every_repeat_is_counted()
    {
        var p = Feed(0, 1, 1, 1, 0);

        AssertCounts(p, received: 2, lost: 0, duplicated: 3, reordered: 0);
    }

    [Fact]
    public void Arrival_one_less_than_the_window_behind_the_newest_is_still_reordered()
    {
        var p = Feed(0, Window);

        Assert.Equal(SequenceVerdict.Reordered, p.Observe(1));

        AssertCounts(p, received: 3, lost: Window - 2, duplicated: 0, reordered: 1);
    }

    [Fact]
    public void Arrival_a_full_window_behind_the_newest_is_stale_not_delivered_and_stays_lost()
    {
        var p = Feed(0, 1, Window + 1);

        Assert.Equal(SequenceVerdict.Stale, p.Observe(1));

        AssertCounts(p, received: 3, lost: Window - 1, duplicated: 0, reordered: 0, stale: 1);
    }

    [Fact]
    public void Repeat_a_full_window_behind_is_stale_not_duplicate()
    {
        var p = Feed(0, Window);

        Assert.Equal(SequenceVerdict.Stale, p.Observe(0));

        AssertCounts(p, received: 2, lost: Window - 1, duplicated: 0, reordered: 0, stale: 1);
    }

    [Fact]
    public void First_number_seen_is_the_baseline_so_a_late_joiner_counts_nothing_lost()
    {
        var p = Feed(500_000, 500_001);

        AssertCounts(p, received: 2, lost: 0, duplicated: 0, reordered: 0);
    }

    [Fact]
    public void Number_below_the_baseline_within_window_is_delivered_as_reordered_without_touching_lost()
    {
        var p = Feed(10, 11);

        Assert.Equal(SequenceVerdict.Reordered, p.Observe(9));

        AssertCounts(p, received: 3, lost: 0, duplicated: 0, reordered: 1);
    }

    [Fact]
    public void Number_below_the_baseline_seen_twice_is_a_duplicate()
    {
        var p = Feed(10, 9);

        Assert.Equal(SequenceVerdict.Duplicate, p.Observe(9));

        AssertCounts(p, received: 2, lost: 0, duplicated: 1, reordered: 1);
    }

    [Fact]
    public void Baseline_zero_with_nothing_below_it_does_not_underflow()
    {
        var p = Feed(0, 3, 1, 2);

        AssertCounts(p, received: 4, lost: 0, duplicated: 0, reordered: 2);
        Assert.Equal(3UL, p.Highest);
    }

    [Fact]
    public void Slot_reused_after_the_window_moves_on_is_not_mistaken_for_a_duplicate()
    {
        // 5 and 5 + Window share a ring slot; 5 arrived, 5 + Window must still count as new when it arrives late.
        var p = Feed(0, 1, 2, 3, 4, 5, Window);
        p.Observe(Window + 6);

        Assert.Equal(SequenceVerdict.Reordered, p.Observe(Window + 5));

        AssertCounts(p, received: 9, lost: Window - 2, duplicated: 0, reordered: 1);
    }

    [Fact]
    public void Jump_of_exactly_one_window_clears_every_slot()
    {
        var p = Feed(0, 1, 2);
        p.Observe(2 + Window);

        Assert.Equal(SequenceVerdict.Reordered, p.Observe(2 + Window - 1));
        Assert.Equal(SequenceVerdict.Reordered, p.Observe(3));
        Assert.Equal(SequenceVerdict.Stale, p.Observe(2));
    }

    [Fact]
    public void Three_publications_in_a_row_beyond_the_window_move_it_there_and_forget_every_earlier_arrival()
    {
        var p = Feed(0, 1, 2, 3);

        Assert.Equal(SequenceVerdict.Stale, p.Observe(1_000_000));
        Assert.Equal(SequenceVerdict.Stale, p.Observe(1_000_001));
        Assert.Equal(SequenceVerdict.Accepted, p.Observe(1_000_002));

        Assert.Equal(SequenceVerdict.Duplicate, p.Observe(1_000_000));
        Assert.Equal(SequenceVerdict.Reordered, p.Observe(999_999));
        AssertCounts(p, received: 6, lost: 1_000_002 - 3 - 1 - 1, duplicated: 1, reordered: 1, stale: 2);
    }

    [Fact]
    public void Huge_jumps_saturate_lost_instead_of_wrapping_negative()
    {
        var p = Feed(0);

        p.Observe(ulong.MaxValue - 3);
        p.Observe(ulong.MaxValue - 2);
        p.Observe(ulong.MaxValue);
        p.Observe(ulong.MaxValue - 1);

        Assert.Equal(long.MaxValue, p.Lost);
        Assert.Equal(ulong.MaxValue, p.Highest);
    }

    [Fact]
    public void Snapshot_carries_the_id_highest_and_counts()
    {
        var p = Feed(3, 4, 6, 6);

        Assert.Equal(new PublisherStats(Id, 6, Received: 3, Lost: 1, Duplicated: 1, Reordered: 0, Stale: 0), p.Snapshot());
    }

    [Fact]
    public void Shuffled_and_repeated_burst_within_the_window_counts_exactly()
    {
        const int count = 20_000;
        var random = new Random(5);
        var order = Enumerable.Range(0, count).Select(n => (ulong)n).ToArray();

        // Swap neighbours at distances up to 100 (always inside the window), and send one in ten twice.
        for (var i = 0; i + 100 < count; i += 37)
        {
            var j = i + random.Next(1, 100);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var sent = order.SelectMany(n => n % 10 == 3 ? new[] { n, n } : [n]).ToArray();
        var p = new PublisherSequence(Id, sent[0]);
        var delivered = new HashSet<ulong> { sent[0] };
        foreach (var n in sent.AsSpan(1))
        {
            var verdict = p.Observe(n);
            if (verdict is SequenceVerdict.Accepted or SequenceVerdict.Reordered)
            {
                Assert.True(delivered.Add(n), $"#{n} delivered twice");
            }
        }

        Assert.Equal(count, delivered.Count);
        Assert.Equal((count, 0L, count / 10L, 0L), (p.Received, p.Lost, p.Duplicated, p.Stale));
        Assert.True(p.Reordered > 0);
    }
}
