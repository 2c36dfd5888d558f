using System.Globalization;

namespace TypedDgram.PubSub;

/// <summary>
/// What one bus did with fragments of publications larger than a datagram (docs/wire-format.md, section 7,
/// "Fragments"): publications put back together, given up, and fragments dropped, by reason.
/// </summary>
/// <param name="Reassembled">Publications put back together from their fragments and handed to the sequence check and delivery.</param>
/// <param name="Abandoned">Publications in progress given up: not whole within <see cref="MulticastOptions.ReassemblyTimeout"/>, or pushed out by a newer one of the same publisher beyond <see cref="MulticastOptions.MaxReassembliesPerPublisher"/>. Their memory is released; the publication number counts lost once a later one reveals the gap.</param>
/// <param name="Duplicated">Fragments whose bytes had all arrived already (network duplicates, repairs): ignored.</param>
/// <param name="TooLarge">Fragments claiming a publication larger than <see cref="MulticastOptions.MaxPublicationSize"/>: dropped.</param>
/// <param name="Inconsistent">Fragments claiming another total length than their publication's first fragment: dropped.</param>
/// <param name="OutOfRange">Fragments whose bytes end past their publication's total length: dropped.</param>
/// <param name="Overlapping">Fragments overlapping bytes already received with different bytes: dropped, the first bytes kept.</param>
/// <param name="NoRoom">Fragments that would have started (or grown) a publication in progress beyond <see cref="MulticastOptions.MaxReassemblies"/> or <see cref="MulticastOptions.MaxReassemblyBytes"/>: dropped.</param>
/// <param name="Pending">Publications in progress now.</param>
/// <param name="PendingBytes">The bytes they are charged now (each its total length plus bookkeeping), at most <see cref="MulticastOptions.MaxReassemblyBytes"/>.</param>
public sealed record FragmentStats(
    long Reassembled,
    long Abandoned,
    long Duplicated,
    long TooLarge,
    long Inconsistent,
    long OutOfRange,
    long Overlapping,
    long NoRoom,
    int Pending,
    long PendingBytes)
{
    /// <summary>No fragment seen yet.</summary>
    public static FragmentStats Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Fragments dropped for any reason but being duplicates: the sum of the four reasons and <see cref="NoRoom"/>.</summary>
    public long Rejected => Saturating.Add(Saturating.Add(Saturating.Add(Saturating.Add(TooLarge, Inconsistent), OutOfRange), Overlapping), NoRoom);

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"reassembled {Reassembled}, abandoned {Abandoned}, duplicated {Duplicated}, too large {TooLarge}, inconsistent {Inconsistent}, out of range {OutOfRange}, overlapping {Overlapping}, no room {NoRoom}, pending {Pending} ({PendingBytes} bytes)");
}
