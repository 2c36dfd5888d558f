using System.Globalization;

namespace TypedDgram.PubSub;

/// <summary>
/// A snapshot of what one bus received, summed over every publisher it has heard, with the detail per publisher
/// (see docs/wire-format.md, section 7, "Counting rules").
/// </summary>
/// <param name="Received">Publications delivered (or offered to handlers), each publisher's sequence number counted once.</param>
/// <param name="Lost">Sequence numbers skipped and not (yet) arrived.</param>
/// <param name="Duplicated">Publications whose sequence number had already arrived; not delivered again.</param>
/// <param name="Reordered">Publications that arrived after a newer one from the same publisher, within the reorder window.</param>
/// <param name="Stale">Publications too far behind the newest to be told from duplicates; not delivered.</param>
/// <param name="Malformed">Datagrams on the group that are not publications, and publications whose contract could not be read.</param>
/// <param name="Unhandled">Publications of a type id that no subscription of this bus takes.</param>
/// <param name="Dropped">Publications a <see cref="MulticastBus.SubscribeAsync{T}"/> stream had no room for (its consumer fell behind: its capacity in publications, or its 16 MiB of estimated bytes, was full).</param>
/// <param name="Publishers">The publishers heard, most recently heard first (at most the bus's limit; the totals keep forgotten ones).</param>
public sealed record BusStats(
    long Received,
    long Lost,
    long Duplicated,
    long Reordered,
    long Stale,
    long Malformed,
    long Unhandled,
    long Dropped,
    IReadOnlyList<PublisherStats> Publishers)
{
    /// <summary>
    /// On a bus with a key (<see cref="MulticastOptions.Key"/>): datagrams refused before delivery because their tag is
    /// missing or wrong, their key id is not accepted, or they replay a publication already received. They change no
    /// publisher's counts. Always 0 without a key.
    /// </summary>
    public long Rejected { get; init; }

    /// <summary>
    /// What this bus did with fragments of publications larger than a datagram: reassembled, abandoned, dropped by reason
    /// (docs/wire-format.md, section 7, "Fragments"). A reassembled publication is then counted as any other publication.
    /// </summary>
    public FragmentStats Fragments { get; init; } = FragmentStats.Empty;

    /// <summary>No publication or datagram seen yet.</summary>
    public static BusStats Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, []);

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"received {Received}, lost {Lost}, duplicated {Duplicated}, reordered {Reordered}, stale {Stale}, malformed {Malformed}, unhandled {Unhandled}, dropped {Dropped}, rejected {Rejected}, fragments reassembled {Fragments.Reassembled}, fragments abandoned {Fragments.Abandoned}, fragments dropped {Fragments.Rejected}, publishers {Publishers.Count}");
}
