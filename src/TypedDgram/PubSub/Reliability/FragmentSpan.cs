namespace TypedDgram.PubSub;

/// <summary>
/// The bytes <see cref="Offset"/> to <see cref="Offset"/> + <see cref="Length"/> - 1 of a publication's contract
/// datagram: what one fragment frame carries, or a part a subscriber is missing (a fragment NAK's run). Empty
/// (<see cref="Length"/> 0) where a frame is not a fragment.
/// </summary>
internal readonly record struct FragmentSpan(int Offset, int Length)
{
    /// <summary>The byte after the last one.</summary>
    public long End => (long)Offset + Length;

    /// <summary>Whether this is a fragment's span at all.</summary>
    public bool IsEmpty => Length == 0;

    /// <summary>Whether the two share at least one byte.</summary>
    public bool Overlaps(FragmentSpan other) => Offset < other.End && other.Offset < End;
}
