using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub;

public class SequenceTrackerTests
{
    private const ulong A = 0x1111111111111111;
    private const ulong B = 0x2222222222222222;
    private const ulong C = 0x3333333333333333;

    [Fact]
    public void First_publication_of_a_publisher_is_accepted()
    {
        var tracker = new SequenceTracker();

        Assert.Equal(SequenceVerdict.Accepted, tracker.Observe(A, 42));
    }

    [Fact]
    public void Publishers_are_counted_independently()
    {
        var tracker = new SequenceTracker();
        tracker.Observe(A, 0);
        tracker.Observe(B, 0);
        tracker.Observe(A, 3);

        Assert.Equal(SequenceVerdict.Accepted, tracker.Observe(B, 1));

        var stats = tracker.Snapshot(0, 0, 0);
        Assert.Equal(2, stats.Lost);
        Assert.Equal(2, stats.Publishers.Single(p => p.PublisherId == A).Lost);
        Assert.Equal(0, stats.Publishers.Single(p => p.PublisherId == B).Lost);
    }

    [Fact]
    public void Same_sequence_from_another_publisher_is_not_a_duplicate()
    {
        var tracker = new SequenceTracker();
        tracker.Observe(A, 7);

        Assert.Equal(SequenceVerdict.Accepted, tracker.Observe(B, 7));
    }

    [Fact]
    public void New_publisher_id_starts_a_fresh_count_from_its_first_number()
    {
        var tracker = new SequenceTracker();
        for (ulong n = 0; n < 100; n++)
        {
            tracker.Observe(A, n);
        }

        // The publisher restarted: new id, numbers from 0 again. Neither a duplicate nor a loss.
        Assert.Equal(SequenceVerdict.Accepted, tracker.Observe(B, 0));
        Assert.Equal(SequenceVerdict.Accepted, tracker.Observe(B, 1));

        var stats = tracker.Snapshot(0, 0, 0);
        Assert.Equal((102L, 0L, 0L), (stats.Received, stats.Lost, stats.Duplicated));
    }

    [Fact]
    public void Totals_sum_every_publisher_and_carry_malformed_unhandled_and_dropped()
    {
        var tracker = new SequenceTracker();
        tracker.Observe(A, 0);
        tracker.Observe(A, 2);
        tracker.Observe(A, 2);
        tracker.Observe(B, 5);
        tracker.Observe(B, 8);
        tracker.Observe(B, 6);

        var stats = tracker.Snapshot(malformed: 4, unhandled: 9, dropped: 3);

        Assert.Equal(
            (Received: 5L, Lost: 2L, Duplicated: 1L, Reordered: 1L, Stale: 0L, Malformed: 4L, Unhandled: 9L, Dropped: 3L),
            (stats.Received, stats.Lost, stats.Duplicated, stats.Reordered, stats.Stale, stats.Malformed, stats.Unhandled, stats.Dropped));
    }

    [Fact]
    public void Snapshot_lists_most_recently_heard_publisher_first()
    {
        var tracker = new SequenceTracker();
        tracker.Observe(A, 0);
        tracker.Observe(B, 0);
        tracker.Observe(C, 0);
        tracker.Observe(A, 1);

        Assert.Equal([A, C, B], tracker.Snapshot(0, 0, 0).Publishers.Select(p => p.PublisherId));
    }

    [Fact]
    public void Least_recently_heard_publisher_is_forgotten_beyond_the_limit_and_its_counts_stay_in_the_totals()
    {
        var tracker = new SequenceTracker(maxPublishers: 2);
        tracker.Observe(A, 0);
        tracker.Observe(A, 3);
        tracker.Observe(B, 0);
        tracker.Observe(A, 4);

        tracker.Observe(C, 0);

        var stats = tracker.Snapshot(0, 0, 0);
        Assert.Equal([C, A], stats.Publishers.Select(p => p.PublisherId));
        Assert.Equal((5L, 2L), (stats.Received, stats.Lost));
    }

    [Fact]
    public void New_ids_forget_publishers_on_probation_before_an_established_one()
    {
        var tracker = new SequenceTracker(maxPublishers: 3);
        for (ulong n = 0; n < SequenceTracker.EstablishedAfter; n++)
        {
            tracker.Observe(A, n);
        }

        for (ulong forged = 100; forged < 200; forged++)
        {
            tracker.Observe(forged, 0);
        }

        Assert.Contains(A, tracker.Snapshot(0, 0, 0).Publishers.Select(p => p.PublisherId));
        Assert.Equal(SequenceVerdict.Duplicate, tracker.Observe(A, 1));
    }

    [Fact]
    public void Established_publishers_are_forgotten_least_recently_heard_first_when_none_is_on_probation()
    {
        var tracker = new SequenceTracker(maxPublishers: 2);
        foreach (var publisher in new[] { A, B })
        {
            for (ulong n = 0; n < SequenceTracker.EstablishedAfter; n++)
            {
                tracker.Observe(publisher, n);
            }
        }

        tracker.Observe(C, 0);

        Assert.Equal([C, B], tracker.Snapshot(0, 0, 0).Publishers.Select(p => p.PublisherId));
    }

    [Fact]
    public void Forgotten_publisher_heard_again_starts_a_fresh_count()
    {
        var tracker = new SequenceTracker(maxPublishers: 1);
        tracker.Observe(A, 0);
        tracker.Observe(B, 0);

        Assert.Equal(SequenceVerdict.Accepted, tracker.Observe(A, 0));
        Assert.Equal(1, tracker.Snapshot(0, 0, 0).Publishers.Single().Received);
    }

    [Fact]
    public void Limit_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SequenceTracker(maxPublishers: 0));
    }

    [Fact]
    public void Empty_tracker_snapshot_is_all_zero()
    {
        Assert.Equal(
            BusStats.Empty with { Publishers = [] },
            new SequenceTracker().Snapshot(0, 0, 0) with { Publishers = [] });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_arrivals_give_the_same_verdicts_and_counts_as_a_set_based_model(int seed)
    {
        var random = new Random(seed);
        var tracker = new SequenceTracker(maxPublishers: 8);
        var models = new Dictionary<ulong, Model>();
        var next = new Dictionary<ulong, ulong>();

        for (var i = 0; i < 20_000; i++)
        {
            var publisher = (ulong)random.Next(3);
            var newest = next.GetValueOrDefault(publisher);
            ulong sequence = random.Next(10) switch
            {
                < 5 => newest + 1,                                              // in order
                < 7 => newest + (ulong)random.Next(2, 40),                      // a gap
                < 9 => newest - Math.Min(newest, (ulong)random.Next(0, 1024)),  // late or repeat
                _ => newest + (ulong)random.Next(900, 1025),                    // a jump up to the window
            };

            // Beyond the window (stale, held back, resynchronised) the rule is not a set's: PublisherSequenceAttackTests.
            next[publisher] = Math.Max(newest, sequence);

            var expected = models.TryGetValue(publisher, out var model)
                ? model.Observe(sequence)
                : (models[publisher] = new Model(sequence)).First;

            Assert.Equal(expected, tracker.Observe(publisher, sequence));
        }

        var stats = tracker.Snapshot(0, 0, 0);
        foreach (var (publisher, model) in models)
        {
            var actual = stats.Publishers.Single(p => p.PublisherId == publisher);
            Assert.Equal(
                (model.Received, model.Lost, model.Duplicated, model.Reordered, model.Stale, model.Highest),
                (actual.Received, actual.Lost, actual.Duplicated, actual.Reordered, actual.Stale, actual.HighestSequence));
        }
    }

    // The counting rules written as plainly as possible: a set of every number ever seen, no ring.
    private sealed class Model(ulong first)
    {
        private readonly ulong _baseline = first;
        private readonly HashSet<ulong> _seen = [first];

        public SequenceVerdict First => SequenceVerdict.Accepted;

        public ulong Highest { get; private set; } = first;

        public long Received { get; private set; } = 1;

        public long Lost { get; private set; }

        public long Duplicated { get; private set; }

        public long Reordered { get; private set; }

        public long Stale { get; private set; }

        public SequenceVerdict Observe(ulong n)
        {
            if (n > Highest)
            {
                Lost += (long)(n - Highest - 1);
                Highest = n;
                _seen.Add(n);
                Received++;
                return SequenceVerdict.Accepted;
            }

            if (Highest - n >= 1024)
            {
                Stale++;
                return SequenceVerdict.Stale;
            }

            if (!_seen.Add(n))
            {
                Duplicated++;
                return SequenceVerdict.Duplicate;
            }

            Received++;
            Reordered++;
            if (n > _baseline)
            {
                Lost--;
            }

            return SequenceVerdict.Reordered;
        }
    }
}
