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

    // A Dictionary<TKey, TValue> object itself on 64-bit (its fields: buckets, entries, counts, comparer, ...), which an
    // empty map allocates too: charging an empty map 24 let a list of them allocate 2.75 times the budget (issue 16).
    private const long MapObjectSize = 80;

    /// <summary>
    /// The estimated bytes this read has allocated so far: a string 24 + 2 × its UTF-8 length, a binary 24 + its length,
    /// an array (a collection or the envelope) 24 + the element's size (at least 8) per element, a map 80 (the
    /// dictionary itself) + 48 + 12 + its key's and value's sizes (at least 32) per entry when it has any, a part what it really takes: a struct part its size, a class part 24 + 8 per member it
    /// declares, however few arrived. Bounded by <see cref="DatagramReaderLimits.AllocationBudget"/> of the datagram's length.
    /// </summary>
    public readonly long Allocated => _allocated;

    /// <summary>The estimate charged for a string of <paramref name="utf8Length"/> bytes of UTF-8 (at most one UTF-16 unit per byte).</summary>
    internal static long StringCost(long utf8Length) => PayloadCost((ulong)utf8Length, 2);

    /// <summary>The estimate charged for a binary of <paramref name="length"/> bytes.</summary>
    internal static long BinaryCost(long length) => PayloadCost((ulong)length, 1);

    /// <summary>The estimate charged for an array (collection, part or envelope) of <paramref name="count"/> elements.</summary>
    internal static long ArrayCost(ulong count) => ObjectOverhead + (SlotSize * (long)count);

    /// <summary>The estimate charged for an array of <paramref name="count"/> elements of <paramref name="elementSize"/> bytes each (at least a slot's 8).</summary>
    internal static long ArrayCost(ulong count, int elementSize) => ObjectOverhead + (Math.Max(SlotSize, elementSize) * (long)count);

    /// <summary>The estimate charged for a map of <paramref name="count"/> entries.</summary>
    internal static long MapCost(ulong count) => MapCost(count, 0);

    /// <summary>The estimate charged for a map of <paramref name="count"/> entries whose key and value take <paramref name="keyAndValueSize"/> bytes together (an entry adds its hash, next index and bucket, 12).</summary>
    internal static long MapCost(ulong count, int keyAndValueSize) =>
        MapObjectSize + (count == 0 ? 0 : (2 * ObjectOverhead) + (Math.Max(MapEntrySize, 12 + keyAndValueSize) * (long)count));

    /// <summary>
    /// What a part of type <typeparamref name="T"/> takes beyond the <see cref="ArrayCost(ulong)"/> of the <paramref name="arrived"/>
    /// members its header was charged: a struct part its whole size (inline where it is stored, 512 bytes for a part of
    /// 64 longs, though it may arrive as the one byte of an empty array), a class part a slot for every member it declares.
    /// </summary>
    internal static long PartCostBeyondHeader<T>(int arrived)
        where T : IDatagramPart<T>
    {
        long size = typeof(T).IsValueType
            ? System.Runtime.CompilerServices.Unsafe.SizeOf<T>()
            : ObjectOverhead + (SlotSize * T.MemberCount);
        return Math.Max(0, size - ArrayCost((ulong)arrived));
    }

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
