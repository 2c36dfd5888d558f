using System.Runtime.CompilerServices;
using MessagePack;

namespace TypedDgram.Contracts.Generated;

/// <summary>Called by generated code; not for use in your code. The reads a generated <c>TryReadMembers</c> makes.</summary>
/// <remarks>
/// Each method validates what it reads against the <see cref="DatagramReaderLimits"/> of <c>context</c> and the bytes
/// that remain, consumes the value only when it returns true, and on false records the reason and offset in the context
/// (<see cref="DatagramReadContext.Failure"/>, <see cref="DatagramReadContext.FailureOffset"/>) instead of throwing.
/// They live here rather than on <see cref="DatagramReadContext"/> so that the context users see shows what a read
/// found, not the steps of reading; each forwards to the context's internal method of the same name and is inlined.
/// </remarks>
public static class DatagramReading
{
    /// <summary>Consumes a nil and returns true if the next value is nil; otherwise consumes nothing and returns false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadNil(ref DatagramReadContext context, ref MessagePackReader reader) => context.TryReadNil(ref reader);

    /// <summary>
    /// Reads an array header of at most <see cref="DatagramReaderLimits.MaxCollectionLength"/> elements of at least
    /// <paramref name="minElementSize"/> bytes each, and enters it; pair with <see cref="End"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryBeginArray(ref DatagramReadContext context, ref MessagePackReader reader, int minElementSize, out int count)
        => context.TryBeginArray(ref reader, minElementSize, out count);

    /// <summary>
    /// Reads a map header of at most <see cref="DatagramReaderLimits.MaxCollectionLength"/> entries of at least
    /// <paramref name="minEntrySize"/> bytes each, and enters it; pair with <see cref="End"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryBeginMap(ref DatagramReadContext context, ref MessagePackReader reader, int minEntrySize, out int count)
        => context.TryBeginMap(ref reader, minEntrySize, out count);

    /// <summary>
    /// <see cref="TryBeginArray(ref DatagramReadContext, ref MessagePackReader, int, out int)"/> for an array, list or
    /// builder of <typeparamref name="TElement"/>: the allocation budget is charged the size of a
    /// <typeparamref name="TElement"/> per element (a struct's whole size), what allocating the collection takes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryBeginArray<TElement>(ref DatagramReadContext context, ref MessagePackReader reader, int minElementSize, out int count)
        => context.TryBeginArray(ref reader, minElementSize, Unsafe.SizeOf<TElement>(), out count);

    /// <summary>
    /// <see cref="TryBeginMap(ref DatagramReadContext, ref MessagePackReader, int, out int)"/> for a dictionary of
    /// <typeparamref name="TKey"/> to <typeparamref name="TValue"/>: the budget is charged the dictionary and an entry
    /// of their sizes per entry.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryBeginMap<TKey, TValue>(ref DatagramReadContext context, ref MessagePackReader reader, int minEntrySize, out int count)
        => context.TryBeginMap(ref reader, minEntrySize, Unsafe.SizeOf<TKey>() + Unsafe.SizeOf<TValue>(), out count);

    /// <summary>Leaves the array or map entered last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void End(ref DatagramReadContext context) => context.End();

    /// <summary>Reads a nested part or contract written as an array of its members.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadPart<T>(ref DatagramReadContext context, ref MessagePackReader reader, out T value)
        where T : IDatagramPart<T>
        => context.TryReadPart(ref reader, out value);

    /// <summary>Skips <paramref name="count"/> values of any type (the trailing members a newer writer added).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TrySkip(ref DatagramReadContext context, ref MessagePackReader reader, int count) => context.TrySkip(ref reader, count);

    /// <summary>Records that a member with no default value is missing from the end of the array, and returns false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool FailMissingMember(ref DatagramReadContext context, ref MessagePackReader reader) => context.FailMissingMember(ref reader);

    /// <summary>Records that a map holds a key twice, the second at <paramref name="keyOffset"/>, and returns false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool FailDuplicateKey(ref DatagramReadContext context, long keyOffset) => context.FailDuplicateKey(keyOffset);

    /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadBoolean(ref DatagramReadContext context, ref MessagePackReader reader, out bool value) => context.TryReadBoolean(ref reader, out value);

    /// <summary>Reads an integer that fits <see cref="byte"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadByte(ref DatagramReadContext context, ref MessagePackReader reader, out byte value) => context.TryReadByte(ref reader, out value);

    /// <summary>Reads an integer that fits <see cref="sbyte"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadSByte(ref DatagramReadContext context, ref MessagePackReader reader, out sbyte value) => context.TryReadSByte(ref reader, out value);

    /// <summary>Reads an integer that fits <see cref="short"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadInt16(ref DatagramReadContext context, ref MessagePackReader reader, out short value) => context.TryReadInt16(ref reader, out value);

    /// <summary>Reads an integer that fits <see cref="ushort"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadUInt16(ref DatagramReadContext context, ref MessagePackReader reader, out ushort value) => context.TryReadUInt16(ref reader, out value);

    /// <summary>Reads an integer that fits <see cref="int"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadInt32(ref DatagramReadContext context, ref MessagePackReader reader, out int value) => context.TryReadInt32(ref reader, out value);

    /// <summary>Reads an integer that fits <see cref="uint"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadUInt32(ref DatagramReadContext context, ref MessagePackReader reader, out uint value) => context.TryReadUInt32(ref reader, out value);

    /// <summary>Reads an integer that fits <see cref="long"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadInt64(ref DatagramReadContext context, ref MessagePackReader reader, out long value) => context.TryReadInt64(ref reader, out value);

    /// <summary>Reads an integer that fits <see cref="ulong"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadUInt64(ref DatagramReadContext context, ref MessagePackReader reader, out ulong value) => context.TryReadUInt64(ref reader, out value);

    /// <summary>Reads an integer that fits <see cref="nint"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadIntPtr(ref DatagramReadContext context, ref MessagePackReader reader, out nint value) => context.TryReadIntPtr(ref reader, out value);

    /// <summary>Reads an integer that fits <see cref="nuint"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadUIntPtr(ref DatagramReadContext context, ref MessagePackReader reader, out nuint value) => context.TryReadUIntPtr(ref reader, out value);

    /// <summary>Reads an integer that fits <see cref="char"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadChar(ref DatagramReadContext context, ref MessagePackReader reader, out char value) => context.TryReadChar(ref reader, out value);

    /// <summary>Reads a <see cref="float"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadSingle(ref DatagramReadContext context, ref MessagePackReader reader, out float value) => context.TryReadSingle(ref reader, out value);

    /// <summary>Reads a <see cref="double"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadDouble(ref DatagramReadContext context, ref MessagePackReader reader, out double value) => context.TryReadDouble(ref reader, out value);

    /// <summary>Reads a <see cref="decimal"/>: a string in invariant form, or an integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadDecimal(ref DatagramReadContext context, ref MessagePackReader reader, out decimal value) => context.TryReadDecimal(ref reader, out value);

    /// <summary>Reads a string of valid UTF-8 of at most <see cref="DatagramReaderLimits.MaxStringLength"/> bytes (nil is rejected).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadString(ref DatagramReadContext context, ref MessagePackReader reader, out string value) => context.TryReadString(ref reader, out value);

    /// <summary>Reads a MessagePack bin of at most <see cref="DatagramReaderLimits.MaxBinaryLength"/> bytes into a new array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadBytes(ref DatagramReadContext context, ref MessagePackReader reader, out byte[] value) => context.TryReadBytes(ref reader, out value);

    /// <summary>Reads a MessagePack bin into memory the caller owns (a copy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadMemory(ref DatagramReadContext context, ref MessagePackReader reader, out ReadOnlyMemory<byte> value) => context.TryReadMemory(ref reader, out value);

    /// <summary>Reads a <see cref="Guid"/>: its 36-character string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadGuid(ref DatagramReadContext context, ref MessagePackReader reader, out Guid value) => context.TryReadGuid(ref reader, out value);

    /// <summary>Reads a <see cref="DateTime"/> (UTC): the MessagePack timestamp extension.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadDateTime(ref DatagramReadContext context, ref MessagePackReader reader, out DateTime value) => context.TryReadDateTime(ref reader, out value);

    /// <summary>Reads a <see cref="DateTimeOffset"/>: [timestamp of the local clock time, offset in minutes].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadDateTimeOffset(ref DatagramReadContext context, ref MessagePackReader reader, out DateTimeOffset value) => context.TryReadDateTimeOffset(ref reader, out value);

    /// <summary>Reads a <see cref="TimeSpan"/>: an integer count of ticks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadTimeSpan(ref DatagramReadContext context, ref MessagePackReader reader, out TimeSpan value) => context.TryReadTimeSpan(ref reader, out value);
}
