namespace TypedDgram.Contracts;

/// <summary>
/// Security limits for reading untrusted datagrams. Independently of these, no header may claim more elements or
/// bytes than remain in the datagram: that is checked before anything is allocated.
/// </summary>
public sealed record DatagramReaderLimits
{
    /// <summary>The limits used when none are given: depth 32, strings, binaries and collections up to 65,536.</summary>
    public static DatagramReaderLimits Default { get; } = new();

    /// <summary>The deepest nesting of arrays and maps, the envelope counting as 1 (1..256). Throws <see cref="ArgumentOutOfRangeException"/> otherwise.</summary>
    public int MaxDepth
    {
        get => _maxDepth;
        init => _maxDepth = value is >= 1 and <= 256 ? value : throw new ArgumentOutOfRangeException(nameof(MaxDepth), value, "MaxDepth must be 1..256.");
    }

    /// <summary>The longest string, in UTF-8 bytes (non-negative).</summary>
    public int MaxStringLength
    {
        get => _maxStringLength;
        init => _maxStringLength = NonNegative(value, nameof(MaxStringLength));
    }

    /// <summary>The longest <c>byte[]</c> or <c>ReadOnlyMemory&lt;byte&gt;</c>, in bytes (non-negative).</summary>
    public int MaxBinaryLength
    {
        get => _maxBinaryLength;
        init => _maxBinaryLength = NonNegative(value, nameof(MaxBinaryLength));
    }

    /// <summary>The most elements in one array or entries in one map (non-negative).</summary>
    public int MaxCollectionLength
    {
        get => _maxCollectionLength;
        init => _maxCollectionLength = NonNegative(value, nameof(MaxCollectionLength));
    }

    private readonly int _maxDepth = 32;
    private readonly int _maxStringLength = 65_536;
    private readonly int _maxBinaryLength = 65_536;
    private readonly int _maxCollectionLength = 65_536;

    private static int NonNegative(int value, string name)
        => value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, name + " must not be negative.");
}
