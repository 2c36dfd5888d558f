using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub;

/// <summary>
/// Loss, duplicates and reordering on a real group: a raw sender sends publications with chosen sequence numbers (gaps,
/// repeats, swaps), and the counts must be exact.
/// </summary>
public class MulticastBusCountingTests
{
    private const ulong Publisher = 0x0123_4567_89AB_CDEF;

    private static async Task<(BusStats Stats, IReadOnlyList<long> Delivered)> SendAsync(params ulong[] sequences)
    {
        await using var bus = await Loopback.JoinAsync();
        var inbox = new Inbox<Tick>();
        using var subscription = bus.Subscribe<Tick>(inbox.Add);
        await using var raw = await Loopback.RawSenderAsync();

        foreach (var sequence in sequences)
        {
            await raw.SendAsync(Loopback.Publication(Publisher, sequence, new Tick("seq", (long)sequence)), bus.Port, bus.Group);
        }

        // Then a marker from another publisher; it is delivered after everything above went through the loop.
        await raw.SendAsync(Loopback.Publication(~Publisher, 0, new Tick("end", -1)), bus.Port, bus.Group);
        var expected = sequences.Distinct().Count() + 1;
        await inbox.WhenCount(expected);

        var stats = bus.Stats;
        var publisher = stats.Publishers.Single(p => p.PublisherId == Publisher);
        return (stats with { Publishers = [publisher] }, inbox.Messages.Where(t => t.Symbol == "seq").Select(t => t.Cents).ToList());
    }

    private static void AssertCounts(BusStats stats, long received, long lost, long duplicated, long reordered)
    {
        var publisher = Assert.Single(stats.Publishers);
        Assert.Equal((received, lost, duplicated, reordered), (publisher.Received, publisher.Lost, publisher.Duplicated, publisher.Reordered));
    }

    [Fact]
    public async Task In_order_burst_counts_everything_received_and_nothing_lost()
    {
        var (stats, delivered) = await SendAsync([.. Enumerable.Range(0, 200).Select(i => (ulong)i)]);

        AssertCounts(stats, received: 200, lost: 0, duplicated: 0, reordered: 0);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), delivered);
    }

    [Fact]
    public async Task Gaps_are_counted_lost_exactly()
    {
        var (stats, delivered) = await SendAsync(0, 1, 2, 5, 6, 10);

        AssertCounts(stats, received: 6, lost: 5, duplicated: 0, reordered: 0);
        Assert.Equal([0L, 1, 2, 5, 6, 10], delivered);
    }

    [Fact]
    public async Task Repeats_are_counted_duplicated_and_delivered_once()
    {
        var (stats, delivered) = await SendAsync(0, 1, 1, 2, 2, 2, 0);

        AssertCounts(stats, received: 3, lost: 0, duplicated: 4, reordered: 0);
        Assert.Equal([0L, 1, 2], delivered);
    }

    [Fact]
    public async Task Swaps_are_delivered_counted_reordered_and_taken_off_lost()
    {
        var (stats, delivered) = await SendAsync(0, 2, 1, 3, 5, 4, 6);

        AssertCounts(stats, received: 7, lost: 0, duplicated: 0, reordered: 2);
        Assert.Equal([0L, 2, 1, 3, 5, 4, 6], delivered);
    }

    [Fact]
    public async Task Gaps_repeats_and_swaps_together_count_exactly()
    {
        // Lost for good: 3 and 8. Late: 2 (after 4), 7 (after 9). Repeated: 4 and 9 (once each), 2 (after it came late).
        var (stats, delivered) = await SendAsync(0, 1, 4, 2, 4, 5, 6, 9, 7, 9, 10, 2);

        AssertCounts(stats, received: 9, lost: 2, duplicated: 3, reordered: 2);
        Assert.Equal([0L, 1, 4, 2, 5, 6, 9, 7, 10], delivered);
        Assert.Equal((9L, 2L, 3L, 2L, 0L), (stats.Received - 1, stats.Lost, stats.Duplicated, stats.Reordered, stats.Stale));
    }

    [Fact]
    public async Task Publication_older_than_the_reorder_window_is_stale_and_not_delivered()
    {
        var (stats, delivered) = await SendAsync(0, 1, 1025, 1);

        AssertCounts(stats, received: 3, lost: 1023, duplicated: 0, reordered: 0);
        Assert.Equal(1, stats.Stale);
        Assert.Equal([0L, 1, 1025], delivered);
    }

    [Fact]
    public async Task Restarted_publisher_with_a_new_id_starts_a_fresh_count()
    {
        await using var bus = await Loopback.JoinAsync();
        var inbox = new Inbox<Tick>();
        using var subscription = bus.Subscribe<Tick>(inbox.Add);
        await using var raw = await Loopback.RawSenderAsync();

        for (ulong n = 0; n < 5; n++)
        {
            await raw.SendAsync(Loopback.Publication(Publisher, n, new Tick("before", (long)n)), bus.Port, bus.Group);
        }

        for (ulong n = 0; n < 3; n++)
        {
            await raw.SendAsync(Loopback.Publication(Publisher + 1, n, new Tick("after", (long)n)), bus.Port, bus.Group);
        }

        await inbox.WhenCount(8);
        var stats = bus.Stats;
        Assert.Equal((8L, 0L, 0L), (stats.Received, stats.Lost, stats.Duplicated));
        Assert.Equal([3L, 5L], stats.Publishers.Select(p => p.Received));
    }
}
