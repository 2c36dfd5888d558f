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

    /// <summary>In reliable mode: missing publications that arrived later (repaired, or late on the network) and were delivered in order.</summary>
    public long Recovered { get; init; }

    /// <summary>In reliable mode: missing publications given up (not repaired in time, no longer kept, hold-back full, publisher gone); never delivered.</summary>
    public long Unrecoverable { get; init; }

    /// <summary>In reliable mode: NAKs this bus sent, asking publishers for what it missed.</summary>
    public long NaksSent { get; init; }

    /// <summary>In reliable mode: NAK rounds this bus did not send because other subscribers had asked for the same publications (NORM suppression).</summary>
    public long NaksSuppressed { get; init; }

    /// <summary>In reliable mode: NAKs naming this bus as publisher that it read.</summary>
    public long NaksReceived { get; init; }

    /// <summary>In reliable mode: frames this bus re-sent to the group, answering NAKs and late joiners.</summary>
    public long Retransmissions { get; init; }

    /// <summary>
    /// What this bus did with fragments of publications larger than a datagram: reassembled, abandoned, dropped by reason
    /// (docs/wire-format.md, section 7, "Fragments"). A reassembled publication is then counted as any other publication.
    /// </summary>
    public FragmentStats Fragments { get; init; } = FragmentStats.Empty;
    /// <summary>Heartbeats this bus sent: one per <see cref="MulticastOptions.HeartbeatPeriod"/> it was idle after publishing (docs/wire-format.md, section 7, "Heartbeats").</summary>
    public long HeartbeatsSent { get; init; }

    /// <summary>Heartbeats received and believed, from every publisher (a replayed or far-fetched one is not counted here).</summary>
    public long HeartbeatsReceived { get; init; }

    /// <summary>Sequence numbers heartbeats revealed missing (tail loss), from every publisher; also counted in <see cref="Lost"/>.</summary>
    public long TailLost { get; init; }

    /// <summary>Times a publisher was heard for the first time, or again after its lease expired (each raised <see cref="MulticastBus.PublisherJoined"/>).</summary>
    public long PublishersJoined { get; init; }

    /// <summary>Times a publisher's lease expired, or an alive publisher was forgotten to make room (each raised <see cref="MulticastBus.PublisherLost"/>).</summary>
    public long PublishersLost { get; init; }

    /// <summary>No publication or datagram seen yet.</summary>
    public static BusStats Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, []);

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"received {Received}, lost {Lost}, duplicated {Duplicated}, reordered {Reordered}, stale {Stale}, malformed {Malformed}, unhandled {Unhandled}, dropped {Dropped}, rejected {Rejected}, tail lost {TailLost}, heartbeats sent {HeartbeatsSent} received {HeartbeatsReceived}, recovered {Recovered}, unrecoverable {Unrecoverable}, naks sent {NaksSent}, naks suppressed {NaksSuppressed}, naks received {NaksReceived}, retransmissions {Retransmissions}, fragments reassembled {Fragments.Reassembled}, fragments abandoned {Fragments.Abandoned}, fragments dropped {Fragments.Rejected}, publishers {Publishers.Count} (joined {PublishersJoined}, lost {PublishersLost})");
}
