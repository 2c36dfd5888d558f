namespace TypedDgram.PubSub;

/// <summary>
/// How much a publisher keeps for re-sending in <see cref="ReliabilityMode.Reliable"/> mode
/// (<see cref="MulticastOptions.History"/>): its last <see cref="Count"/> frames, and at most <see cref="Bytes"/> of them,
/// whichever is reached first. A subscriber that asks for a publication older than that is told nothing and counts it
/// unrecoverable when its repair deadline passes.
/// </summary>
public sealed class HistoryOptions
{
    /// <summary>The default <see cref="Count"/>: 1,024 frames, the width of a subscriber's reorder window.</summary>
    public const int DefaultCount = 1024;

    /// <summary>The default <see cref="Bytes"/>: 4 MiB.</summary>
    public const int DefaultBytes = 4 << 20;

    /// <summary>How many sent frames are kept, 1 to 1,048,576 (default 1,024).</summary>
    public int Count { get; init; } = DefaultCount;

    /// <summary>How many bytes of sent frames are kept at most, at least one datagram (default 4 MiB).</summary>
    public int Bytes { get; init; } = DefaultBytes;
}
