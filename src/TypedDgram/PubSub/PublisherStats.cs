using System.Globalization;

namespace TypedDgram.PubSub;

/// <summary>
/// The delivery counts of one publisher as one subscriber saw them (see docs/wire-format.md, section 7, "Counting rules").
/// </summary>
/// <param name="PublisherId">The publisher's random id from the publication header.</param>
/// <param name="HighestSequence">The newest sequence number received from it, or announced by its heartbeat.</param>
/// <param name="Received">Publications delivered (or offered to handlers), each sequence number counted once.</param>
/// <param name="Lost">Sequence numbers skipped and not (yet) arrived, counted from the first one this subscriber saw.</param>
/// <param name="Duplicated">Publications whose sequence number had already arrived; not delivered again.</param>
/// <param name="Reordered">Publications that arrived after a newer one, within the reorder window; delivered.</param>
/// <param name="Stale">Publications more than the reorder window behind the newest; not delivered, still counted lost.</param>
public sealed record PublisherStats(
    ulong PublisherId,
    ulong HighestSequence,
    long Received,
    long Lost,
    long Duplicated,
    long Reordered,
    long Stale)
{
    /// <summary>
    /// Whether its lease is running: heard (a publication or a heartbeat) within the lease its last heartbeat announced,
    /// or this bus's <see cref="MulticastOptions.LeaseDuration"/> before one (docs/wire-format.md, section 7, "Heartbeats").
    /// </summary>
    public bool Alive { get; init; }

    /// <summary>Heartbeats heard from it that were believed (a replayed or far-fetched one is not counted here).</summary>
    public long Heartbeats { get; init; }

    /// <summary>
    /// Sequence numbers its heartbeats revealed missing (tail loss), also counted in <see cref="Lost"/>; one that arrives
    /// later is taken off <see cref="Lost"/>, not off this.
    /// </summary>
    public long TailLost { get; init; }

    /// <summary>In reliable mode: its missing publications that arrived later and were delivered in order.</summary>
    public long Recovered { get; init; }

    /// <summary>In reliable mode: its missing publications given up, never delivered.</summary>
    public long Unrecoverable { get; init; }

    /// <summary>In reliable mode: NAKs this subscriber sent it.</summary>
    public long NaksSent { get; init; }

    /// <summary>The publisher id as the 16 hex digits of its 8 header bytes, as logs and the demo print it.</summary>
    public string PublisherIdHex => PublisherId.ToString("x16", CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"publisher {PublisherIdHex}: received {Received}, lost {Lost}, duplicated {Duplicated}, reordered {Reordered}, stale {Stale}, tail lost {TailLost}, heartbeats {Heartbeats}, recovered {Recovered}, unrecoverable {Unrecoverable}, naks sent {NaksSent}, highest #{HighestSequence}, {(Alive ? "alive" : "not alive")}");
}
