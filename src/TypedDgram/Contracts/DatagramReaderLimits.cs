namespace TypedDgram.Contracts;

/// <summary>
/// Security limits for reading untrusted datagrams. Independently of these, no header may claim more elements or
/// bytes than remain in the datagram: that is checked before anything is allocated.
/// </summary>
public sealed record DatagramReaderLimits
{
    /// <summary>
    /// The limits used when none are given: datagrams up to 65,507 bytes, depth 32, strings, binaries and collections up to
    /// 65,536, and an estimated allocation of at most 32 bytes per byte of the datagram plus 1,024.
    /// </summary>
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

    /// <summary>
    /// The largest datagram read, in bytes (1..1,073,741,824: a pub/sub publication reassembled from fragments may be
    /// larger than any UDP datagram); a longer one is rejected as
    /// <see cref="MalformedDatagramReason.DatagramTooLarge"/> before any of it is decoded. The default, 65,507, is the
    /// largest UDP payload over IPv4.
    /// </summary>
    public int MaxDatagramSize
    {
        get => _maxDatagramSize;
        init => _maxDatagramSize = value is >= 1 and <= MaxDatagramSizeLimit ? value : throw new ArgumentOutOfRangeException(nameof(MaxDatagramSize), value, "MaxDatagramSize must be 1..1073741824.");
    }

    /// <summary>
    /// With <see cref="AllocationAllowance"/>, the most a read may allocate: <c>AllocationFactor × datagram length +
    /// AllocationAllowance</c> estimated bytes (1..1,024). Beyond it the read fails with
    /// <see cref="MalformedDatagramReason.TooMuchAllocation"/> before allocating; see <see cref="DatagramReadContext.Allocated"/>
    /// for how allocations are estimated.
    /// </summary>
    public int AllocationFactor
    {
        get => _allocationFactor;
        init => _allocationFactor = value is >= 1 and <= 1024 ? value : throw new ArgumentOutOfRangeException(nameof(AllocationFactor), value, "AllocationFactor must be 1..1024.");
    }

    /// <summary>The estimated bytes every read may allocate whatever the datagram's length (non-negative); see <see cref="AllocationFactor"/>.</summary>
    public int AllocationAllowance
    {
        get => _allocationAllowance;
        init => _allocationAllowance = NonNegative(value, nameof(AllocationAllowance));
    }

    // 1 GiB: the largest publication a bus may reassemble (MulticastOptions.MaxPublicationSize).
    private const int MaxDatagramSizeLimit = 1 << 30;

    private readonly int _maxDatagramSize = 65_507;
    private readonly int _allocationFactor = 32;
    private readonly int _allocationAllowance = 1_024;
    private readonly int _maxDepth = 32;
    private readonly int _maxStringLength = 65_536;
    private readonly int _maxBinaryLength = 65_536;
    private readonly int _maxCollectionLength = 65_536;

    /// <summary>The estimated bytes a read of a datagram of <paramref name="datagramLength"/> bytes may allocate.</summary>
    public long AllocationBudget(long datagramLength) => (AllocationFactor * datagramLength) + AllocationAllowance;

    private static int NonNegative(int value, string name)
        => value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, name + " must not be negative.");
}
