using MessagePack;

namespace TypedDgram.Contracts;

// The allocation budget: each read that allocates is charged an estimate of what it allocates, before allocating, so
// that a small datagram cannot make the reader allocate much more than its own size (empty arrays by the thousand, ...).
public partial struct DatagramReadContext
{
    // Object header and length of a .NET array or string on 64-bit, and the most a slot of an array or a list can take
    // for the element types written as a reference or a 64-bit value.
    private const long ObjectOverhead = 24;
    private const long SlotSize = 8;

    // A Dictionary entry (hash, next, key, value) and its bucket, for keys and values of up to 8 bytes.
    private const long MapEntrySize = 32;

    /// <summary>
    /// The estimated bytes this read has allocated so far: a string 24 + 2 × its UTF-8 length, a binary 24 + its length,
    /// an array (a collection, a part or the envelope) 24 + 8 per element, a map 24 + 32 per entry. Bounded by
    /// <see cref="DatagramReaderLimits.AllocationBudget"/> of the datagram's length.
    /// </summary>
    public readonly long Allocated => _allocated;

    /// <summary>The estimate charged for a string of <paramref name="utf8Length"/> bytes of UTF-8 (at most one UTF-16 unit per byte).</summary>
    internal static long StringCost(long utf8Length) => PayloadCost((ulong)utf8Length, 2);

    /// <summary>The estimate charged for a binary of <paramref name="length"/> bytes.</summary>
    internal static long BinaryCost(long length) => PayloadCost((ulong)length, 1);

    /// <summary>The estimate charged for an array (collection, part or envelope) of <paramref name="count"/> elements.</summary>
    internal static long ArrayCost(ulong count) => ObjectOverhead + (SlotSize * (long)count);

    /// <summary>The estimate charged for a map of <paramref name="count"/> entries.</summary>
    internal static long MapCost(ulong count) => ObjectOverhead + (MapEntrySize * (long)count);

    private static long PayloadCost(ulong length, int costPerByte) => ObjectOverhead + (costPerByte * (long)length);

    private bool TryCharge(ref MessagePackReader reader, long cost)
    {
        if (_allocated + cost > Limits.AllocationBudget(DatagramLength(ref reader)))
        {
            return Fail(ref reader, MalformedDatagramReason.TooMuchAllocation);
        }

        _allocated += cost;
        return true;
    }
}
