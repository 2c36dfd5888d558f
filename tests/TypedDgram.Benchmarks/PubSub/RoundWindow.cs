namespace TypedDgram.Benchmarks.PubSub;

/// <summary>
/// The measured window of a round, from <see cref="Start"/> to <see cref="End"/> (Unix seconds): the instants at which
/// the comparison read both processes' CPU time, as two of the subscriber's reports arrived. Counts are read off each
/// side's once-a-second running totals by linear interpolation at those two instants (for the subscriber, which reported
/// just before them, that is its own two reports), so samples and CPU time cover the same window for ddsperf and the bus.
/// </summary>
public sealed record RoundWindow(double Start, double End)
{
    public double Seconds => End - Start;

    /// <summary>
    /// How much a running total (and its lost count) grew over the window; null when the reports do not reach both ends
    /// (a peer that printed too little, or stopped early).
    /// </summary>
    public (double Total, double Lost)? Growth(IReadOnlyList<CountAt> series)
    {
        if (At(series, Start) is not { } start || At(series, End) is not { } end)
        {
            return null;
        }

        return (end.Total - start.Total, end.Lost - start.Lost);
    }

    /// <summary>
    /// The median, over the seconds reported within the window, of each second's p50, p90 and p99 (ddsperf reports
    /// percentiles per second; the bus ping reports the same per-second percentiles, so both are summed up alike);
    /// null when no second ended inside it.
    /// </summary>
    public (double P50, double P90, double P99, long Count)? Latency(IReadOnlyList<RttSecond> seconds)
    {
        // A second that ends within half a second after End is mostly inside the window.
        var inside = seconds.Where(s => s.At > Start && s.At <= End + 0.5 && s.Count > 0).ToArray();
        if (inside.Length == 0)
        {
            return null;
        }

        return (Median(inside.Select(s => s.P50)), Median(inside.Select(s => s.P90)), Median(inside.Select(s => s.P99)), inside.Sum(s => s.Count));
    }

    /// <summary>The running total at <paramref name="instant"/>, between the two reports around it.</summary>
    public static CountAt? At(IReadOnlyList<CountAt> series, double instant)
    {
        for (var i = 1; i < series.Count; i++)
        {
            var (before, after) = (series[i - 1], series[i]);
            if (before.At <= instant && instant <= after.At)
            {
                var f = after.At == before.At ? 0 : (instant - before.At) / (after.At - before.At);
                return new CountAt(instant, before.Total + f * (after.Total - before.Total), before.Lost + f * (after.Lost - before.Lost));
            }
        }

        return null;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
