namespace TypedDgram.PubSub;

/// <summary>
/// One publication being put back together: a buffer of its total length and the ranges of it received so far, merged
/// as they touch (so fragments arriving in order keep a single range). Not thread-safe; <see cref="Reassembler"/> locks.
/// </summary>
/// <remarks>
/// The buffer is allocated whole at the first fragment, so what a publication in progress holds is known from then on
/// and charged against the reassembler's byte limit. The ranges are bounded too (<see cref="MaxRanges"/>): fragments
/// sent in the worst order leave at most one range per two fragments, and a hostile sender of tiny scattered fragments
/// is refused before the list grows past it.
/// </remarks>
internal sealed class Reassembly
{
    /// <summary>The most disjoint received ranges a publication in progress may have: 1 MiB in 512-byte fragments, every other one.</summary>
    public const int MaxRanges = 1024;

    /// <summary>What a publication in progress holds besides its buffer and ranges: this object, its key and list nodes.</summary>
    public const int FixedCharge = 256;

    /// <summary>The most a publication in progress is charged besides its total length: <see cref="FixedCharge"/> and a full range list.</summary>
    public const int MaxBookkeeping = FixedCharge + (MaxRanges * RangeCharge);

    private const int RangeCharge = 2 * sizeof(int);
    private const int InitialRanges = 4;

    private readonly byte[] _buffer;

    // Disjoint, not touching, sorted by start: [Start, End) byte ranges received.
    private readonly List<(int Start, int End)> _ranges = new(InitialRanges);

    public Reassembly(ulong publisherId, ulong publication, int total, long startedAt)
    {
        PublisherId = publisherId;
        Publication = publication;
        StartedAt = startedAt;
        _buffer = GC.AllocateUninitializedArray<byte>(total);
    }

    public ulong PublisherId { get; }

    public ulong Publication { get; }

    /// <summary>When its first fragment arrived, in the reassembler's clock (milliseconds).</summary>
    public long StartedAt { get; }

    public int Total => _buffer.Length;

    /// <summary>The bytes this publication in progress is charged: its buffer, its range list, and a fixed part.</summary>
    public long Charge => FixedCharge + (long)_buffer.Length + ((long)_ranges.Capacity * RangeCharge);

    /// <summary>What a publication of <paramref name="total"/> bytes is charged when it starts.</summary>
    public static long InitialCharge(int total) => FixedCharge + (long)total + (InitialRanges * RangeCharge);

    /// <summary>Whether every byte has arrived.</summary>
    public bool IsComplete => _ranges.Count == 1 && _ranges[0] == (0, _buffer.Length);

    /// <summary>The reassembled contract datagram; only once <see cref="IsComplete"/>.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>
    /// Whether storing <paramref name="length"/> bytes at <paramref name="offset"/> would need a new range beyond
    /// <see cref="MaxRanges"/>, and how much more it would be charged (the range list growing): asked before <see cref="Add"/>.
    /// </summary>
    public long GrowthOf(int offset, int length, out bool tooManyRanges)
    {
        var (first, last) = Touching(offset, offset + length);
        var after = _ranges.Count - (last - first) + 1;
        tooManyRanges = after > MaxRanges;
        return after > _ranges.Capacity ? (long)_ranges.Capacity * RangeCharge : 0;
    }

    /// <summary>
    /// Stores <paramref name="bytes"/> at <paramref name="offset"/> (the caller has checked they end within the total):
    /// <see cref="FragmentOutcome.Added"/> or <see cref="FragmentOutcome.Completed"/>; <see cref="FragmentOutcome.Duplicate"/>
    /// when every byte was there already, the same; <see cref="FragmentOutcome.Overlapping"/>, storing nothing, when any
    /// byte already received differs.
    /// </summary>
    public FragmentOutcome Add(int offset, ReadOnlySpan<byte> bytes)
    {
        var end = offset + bytes.Length;
        var (first, last) = Touching(offset, end);
        for (var i = first; i < last; i++)
        {
            var (start, stop) = _ranges[i];
            var from = Math.Max(start, offset);
            var to = Math.Min(stop, end);
            if (from < to && !_buffer.AsSpan(from, to - from).SequenceEqual(bytes.Slice(from - offset, to - from)))
            {
                return FragmentOutcome.Overlapping;
            }
        }

        if (last - first == 1 && _ranges[first].Start <= offset && _ranges[first].End >= end)
        {
            return FragmentOutcome.Duplicate;
        }

        bytes.CopyTo(_buffer.AsSpan(offset));
        var merged = (Start: offset, End: end);
        if (last > first)
        {
            merged = (Math.Min(offset, _ranges[first].Start), Math.Max(end, _ranges[last - 1].End));
            _ranges.RemoveRange(first, last - first);
        }

        _ranges.Insert(first, merged);
        return IsComplete ? FragmentOutcome.Completed : FragmentOutcome.Added;
    }

    // The ranges [first, last) that overlap or touch [start, end): those a fragment there merges with.
    private (int First, int Last) Touching(int start, int end)
    {
        // The first range ending at or after start (binary search: ranges are sorted and disjoint, so ends are sorted too).
        int low = 0, high = _ranges.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_ranges[middle].End < start)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        var last = low;
        while (last < _ranges.Count && _ranges[last].Start <= end)
        {
            last++;
        }

        return (low, last);
    }
}
