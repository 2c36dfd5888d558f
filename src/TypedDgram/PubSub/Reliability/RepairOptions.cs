namespace TypedDgram.PubSub;

/// <summary>
/// The timers and bounds of repair in <see cref="ReliabilityMode.Reliable"/> mode (<see cref="MulticastOptions.Repair"/>),
/// after NORM (RFC 5740): a subscriber that sees a gap waits a random back-off before it NAKs, so that on a group of
/// many subscribers one NAK (seen by all) usually speaks for everyone; it then holds off before asking again; a
/// publisher re-sends a frame at most once per <see cref="RepairHoldoff"/> however many NAKs name it. The defaults suit
/// a LAN (round trips well under a millisecond); see docs/reliability.md, "Reliable pub/sub".
/// </summary>
public sealed class RepairOptions
{
    /// <summary>
    /// The longest random wait between seeing a gap and NAKing it (uniform from 0): long enough for another subscriber's
    /// NAK or the repair itself to arrive first and make this one unnecessary. Default 5 ms.
    /// </summary>
    public TimeSpan NakBackoff { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How long a subscriber waits for a repair after it NAKed (or saw its gap NAKed by another) before it asks again. Default 20 ms.</summary>
    public TimeSpan NakHoldoff { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// How long a publisher ignores further NAKs for a frame it has just re-sent: the NAKs of subscribers that had not
    /// yet seen the repair are answered by it. Default 5 ms.
    /// </summary>
    public TimeSpan RepairHoldoff { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// How long a subscriber waits for a missing publication, from when it saw the gap, before it gives up, counts it
    /// unrecoverable and delivers what follows: the bound on how long a stream can be held back. Default 1 s.
    /// </summary>
    public TimeSpan RepairDeadline { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many publications a subscriber holds back per publisher while it waits for an earlier one, 1 to 1,048,576;
    /// also how far ahead of the gap a publication may be. When full, the oldest gap is given up (counted
    /// unrecoverable). It should cover what a publisher sends in a few repair rounds and pauses of the subscriber: the
    /// default, 131,072, is 130 ms at a million publications a second (a repair lost once costs a 20 ms holdoff more).
    /// A publisher not yet established (fewer than 4 delivered or held) gets at most 1,024, so forged ids cannot make the
    /// subscriber grow large buffers.
    /// </summary>
    public int HoldBackCount { get; init; } = 131_072;

    /// <summary>How many bytes of publications a subscriber holds back per publisher at most; beyond it the oldest gap is given up. Default 8 MiB.</summary>
    public int HoldBackBytes { get; init; } = 8 << 20;

    /// <summary>
    /// How many frames a publisher re-sends per second at most, counted in windows of 100 ms: what a flood of NAKs
    /// (forged, or from a subscriber that lost everything) can make it send. Default 50,000 (74 MB/s of full 1,472-byte
    /// datagrams): a subscriber descheduled for tens of milliseconds under a publisher at a million publications a
    /// second loses thousands of datagrams at once, and at 20,000 their repair outlasted its hold-back.
    /// </summary>
    public int MaxRetransmissionsPerSecond { get; init; } = 50_000;
}
