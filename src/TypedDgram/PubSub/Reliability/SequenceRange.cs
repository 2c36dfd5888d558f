namespace TypedDgram.PubSub;

/// <summary>The publication numbers <see cref="First"/> to <see cref="First"/> + <see cref="Count"/> - 1 of one publisher.</summary>
internal readonly record struct SequenceRange(ulong First, uint Count)
{
    /// <summary>The last number of the range.</summary>
    public ulong Last => First + Count - 1;

    /// <summary>Whether <paramref name="number"/> is in the range.</summary>
    public bool Contains(ulong number) => number >= First && number - First < Count;
}
