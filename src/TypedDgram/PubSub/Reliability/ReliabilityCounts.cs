namespace TypedDgram.PubSub;

/// <summary>A subscriber's repair counts for one publisher (or summed over all).</summary>
internal readonly record struct ReliabilityCounts(long Recovered, long Unrecoverable, long NaksSent, long NaksSuppressed, long Duplicates)
{
    public static ReliabilityCounts Of(OrderedStream stream) =>
        new(stream.Recovered, stream.Unrecoverable, stream.NaksSent, stream.NaksSuppressed, stream.Duplicates);

    public static ReliabilityCounts operator +(ReliabilityCounts a, ReliabilityCounts b) => new(
        Saturating.Add(a.Recovered, b.Recovered),
        Saturating.Add(a.Unrecoverable, b.Unrecoverable),
        Saturating.Add(a.NaksSent, b.NaksSent),
        Saturating.Add(a.NaksSuppressed, b.NaksSuppressed),
        Saturating.Add(a.Duplicates, b.Duplicates));
}
