namespace TypedDgram.Fuzz;

/// <summary>The kinds of <see cref="Mutation"/>.</summary>
public enum MutationKind
{
    FlipBit,
    SetByte,
    SetInterestingByte,
    SetLength,
    Insert,
    Delete,
    Truncate,
    Duplicate,
    Splice,
}
