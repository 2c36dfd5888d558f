namespace TypedDgram.PubSub;

/// <summary>
/// How much a bus's reassembly of fragmented publications may hold (the <see cref="MulticastOptions"/> of the same
/// names): the largest publication, publications in progress per publisher and in all, their bytes in all, and how
/// long one may take to arrive whole.
/// </summary>
internal sealed record ReassemblyLimits(
    int MaxPublicationSize,
    int MaxReassembliesPerPublisher,
    int MaxReassemblies,
    long MaxReassemblyBytes,
    TimeSpan ReassemblyTimeout)
{
    /// <summary>In reliable mode, the fewest publications in progress a publisher may have (see <see cref="Of"/>).</summary>
    public const int ReliablePerPublisher = 16;

    /// <summary>
    /// The limits of <paramref name="options"/>. In reliable mode a publication in progress is kept a repair deadline
    /// longer than <see cref="MulticastOptions.ReassemblyTimeout"/>: the subscriber's ordered stream asks for its missing
    /// fragments until then (counted from when the gap was seen, after its first fragment), and gives it up itself at
    /// that deadline, releasing it. A publisher may then have at least <see cref="ReliablePerPublisher"/> in progress:
    /// each one waiting for a repair holds up the stream behind it anyway, and pushing the oldest out for a newer one
    /// would make it be re-sent whole (and its re-sent fragments push out the next oldest); the total bounds
    /// (<see cref="MaxReassemblies"/>, <see cref="MaxReassemblyBytes"/>) are unchanged.
    /// </summary>
    public static ReassemblyLimits Of(MulticastOptions options) => options.Reliability == ReliabilityMode.Reliable
        ? new(
            options.MaxPublicationSize,
            Math.Min(Math.Max(options.MaxReassembliesPerPublisher, ReliablePerPublisher), options.MaxReassemblies),
            options.MaxReassemblies,
            options.MaxReassemblyBytes,
            options.ReassemblyTimeout + options.Repair.RepairDeadline)
        : new(
            options.MaxPublicationSize,
            options.MaxReassembliesPerPublisher,
            options.MaxReassemblies,
            options.MaxReassemblyBytes,
            options.ReassemblyTimeout);
}
