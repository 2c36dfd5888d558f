namespace TypedDgram.PubSub;

/// <summary>
/// How much a publisher keeps for re-sending in <see cref="ReliabilityMode.Reliable"/> mode
/// (<see cref="MulticastOptions.History"/>): its last <see cref="Count"/> frames, and at most <see cref="Bytes"/> of them,
/// whichever is reached first. A subscriber that asks for a publication older than that is told nothing and counts it
/// unrecoverable when its repair deadline passes.
/// </summary>
public sealed class HistoryOptions
{
    /// <summary>The default <see cref="Count"/>: 16,384 frames (full batches of 32-byte publications: about 570,000 of them).</summary>
    public const int DefaultCount = 16_384;

    /// <summary>
    /// The default <see cref="Bytes"/>: 16 MiB, which holds the whole default count of full datagrams (about half a
    /// second of 32-byte publications at a million a second, batched).
    /// </summary>
    public const int DefaultBytes = 16 << 20;

    /// <summary>How many sent frames are kept, 1 to 1,048,576 (default 16,384).</summary>
    public int Count { get; init; } = DefaultCount;

    /// <summary>How many bytes of sent frames are kept at most, at least one datagram (default 16 MiB).</summary>
    public int Bytes { get; init; } = DefaultBytes;
}
