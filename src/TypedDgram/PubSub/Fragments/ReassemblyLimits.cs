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
    /// <summary>
    /// The limits of <paramref name="options"/>. In reliable mode a publication in progress is kept a repair deadline
    /// longer than <see cref="MulticastOptions.ReassemblyTimeout"/>: the subscriber's ordered stream asks for its missing
    /// fragments until then (counted from when the gap was seen, after its first fragment), and gives it up itself at
    /// that deadline, releasing it.
    /// </summary>
    public static ReassemblyLimits Of(MulticastOptions options) => new(
        options.MaxPublicationSize,
        options.MaxReassembliesPerPublisher,
        options.MaxReassemblies,
        options.MaxReassemblyBytes,
        options.Reliability == ReliabilityMode.Reliable ? options.ReassemblyTimeout + options.Repair.RepairDeadline : options.ReassemblyTimeout);
}
