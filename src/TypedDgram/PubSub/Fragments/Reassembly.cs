namespace TypedDgram.PubSub;

/// <summary>
/// One publication being put back together: its bytes in pages allocated as fragments fill them, and the ranges of it
/// received so far, merged as they touch (so fragments arriving in order keep a single range). Not thread-safe;
/// <see cref="Reassembler"/> locks.
/// </summary>
/// <remarks>
/// A publication in progress is charged its whole length from its first fragment (so one that started always has room
/// to finish), but only the pages its fragments touched are allocated: a forged first fragment claiming 1 MiB costs a
/// page table and a page or two, not a megabyte, so a flood of them cannot turn each datagram into a large allocation.
/// The ranges are bounded too (<see cref="MaxRanges"/>): fragments sent in the worst order leave at most one range per
/// two fragments, and a sender of tiny scattered fragments is refused before the list grows past it.
/// </remarks>
internal sealed class Reassembly
{
    /// <summary>The most disjoint received ranges a publication in progress may have: 1 MiB in 512-byte fragments, every other one.</summary>
    public const int MaxRanges = 1024;

    /// <summary>What a publication in progress holds besides its pages, page table and ranges: this object, its key and list nodes.</summary>
    public const int FixedCharge = 256;

    /// <summary>The size of the pages a publication's bytes are kept in until it is whole.</summary>
    public const int PageSize = 4096;

    private const int RangeCharge = 2 * sizeof(int);
    private const int InitialRanges = 4;

    private readonly byte[]?[] _pages;
    private readonly int _total;

    // Disjoint, not touching, sorted by start: [Start, End) byte ranges received.
    private readonly List<(int Start, int End)> _ranges = new(InitialRanges);

    public Reassembly(ulong publisherId, ulong publication, int total, long startedAt)
    {
        PublisherId = publisherId;
        Publication = publication;
        StartedAt = startedAt;
        _total = total;
        _pages = new byte[]?[PageCount(total)];
    }

    public ulong PublisherId { get; }

    public ulong Publication { get; }

    /// <summary>When its first fragment arrived, in the reassembler's clock (milliseconds).</summary>
    public long StartedAt { get; }

    public int Total => _total;

    /// <summary>The bytes this publication in progress is charged: its whole length, its page table, its range list, and a fixed part.</summary>
    public long Charge => FixedCharge + (long)_total + PageTableCharge(_total) + ((long)_ranges.Capacity * RangeCharge);

    /// <summary>Whether every byte has arrived.</summary>
    public bool IsComplete => _ranges.Count == 1 && _ranges[0] == (0, _total);

    /// <summary>What a publication of <paramref name="total"/> bytes is charged when it starts.</summary>
    public static long InitialCharge(int total) => FixedCharge + (long)total + PageTableCharge(total) + (InitialRanges * RangeCharge);

    /// <summary>The most a publication of <paramref name="total"/> bytes is ever charged (its range list at its largest).</summary>
    public static long MostCharged(int total) => FixedCharge + (long)total + PageTableCharge(total) + (MaxRanges * RangeCharge);

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
            if (from < to && !Holds(from, bytes.Slice(from - offset, to - from)))
            {
                return FragmentOutcome.Overlapping;
            }
        }

        if (last - first == 1 && _ranges[first].Start <= offset && _ranges[first].End >= end)
        {
            return FragmentOutcome.Duplicate;
        }

        Write(offset, bytes);
        var merged = (Start: offset, End: end);
        if (last > first)
        {
            merged = (Math.Min(offset, _ranges[first].Start), Math.Max(end, _ranges[last - 1].End));
            _ranges.RemoveRange(first, last - first);
        }

        _ranges.Insert(first, merged);
        return IsComplete ? FragmentOutcome.Completed : FragmentOutcome.Added;
    }

    /// <summary>Adds to <paramref name="missing"/> the runs of bytes not received yet, in order (reliable mode NAKs them).</summary>
    public void AddMissing(List<FragmentSpan> missing)
    {
        var from = 0;
        foreach (var (start, end) in _ranges)
        {
            if (start > from)
            {
                missing.Add(new FragmentSpan(from, start - from));
            }

            from = end;
        }

        if (from < _total)
        {
            missing.Add(new FragmentSpan(from, _total - from));
        }
    }

    /// <summary>The whole contract datagram in one array (the pages copied out); only once <see cref="IsComplete"/>.</summary>
    public byte[] Assemble()
    {
        var whole = GC.AllocateUninitializedArray<byte>(_total);
        for (var page = 0; page < _pages.Length; page++)
        {
            _pages[page].AsSpan().CopyTo(whole.AsSpan(page * PageSize));
        }

        return whole;
    }

    private static int PageCount(int total) => (int)(((long)total + PageSize - 1) / PageSize);

    private static long PageTableCharge(int total) => (long)PageCount(total) * IntPtr.Size;

    // Whether the bytes received at offset (every page of them allocated: they were written) equal these.
    private bool Holds(int offset, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var within = offset % PageSize;
            var length = Math.Min(PageSize - within, bytes.Length);
            if (!_pages[offset / PageSize]!.AsSpan(within, length).SequenceEqual(bytes[..length]))
            {
                return false;
            }

            offset += length;
            bytes = bytes[length..];
        }

        return true;
    }

    private void Write(int offset, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var index = offset / PageSize;
            var within = offset % PageSize;
            var length = Math.Min(PageSize - within, bytes.Length);
            var page = _pages[index] ??= new byte[Math.Min(PageSize, _total - (index * PageSize))];
            bytes[..length].CopyTo(page.AsSpan(within));
            offset += length;
            bytes = bytes[length..];
        }
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
