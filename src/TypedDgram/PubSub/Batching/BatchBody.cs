using System.Buffers.Binary;
using TypedDgram.Contracts;

namespace TypedDgram.PubSub;

/// <summary>
/// The body of a batch frame (kind 1, docs/wire-format.md, section 7, "Batches"): one MessagePack array of N >= 1
/// contract datagrams, publications sequence .. sequence + N - 1 of the frame's publisher. TypedDgram writes the array
/// header as <c>array 16</c> (<c>dc</c> + 2 bytes) whatever N is, so that it can be written before the elements and
/// its count filled in once the batch is full; a reader takes any array header.
/// </summary>
internal static class BatchBody
{
    /// <summary>The array header TypedDgram writes: <c>dc</c> and the count, big-endian.</summary>
    public const int ArrayHeaderLength = 3;

    /// <summary>The most elements an <c>array 16</c> header can count; no datagram holds that many contract datagrams.</summary>
    public const int MaxElements = ushort.MaxValue;

    /// <summary>Writes the array header with a count of 0 at the start of <paramref name="destination"/>.</summary>
    public static void WriteArrayHeader(Span<byte> destination)
    {
        destination[0] = 0xdc;
        destination[1] = 0;
        destination[2] = 0;
    }

    /// <summary>Fills in the count of the array header written by <see cref="WriteArrayHeader"/>.</summary>
    public static void SetCount(Span<byte> arrayHeader, int count) => BinaryPrimitives.WriteUInt16BigEndian(arrayHeader[1..], checked((ushort)count));

    /// <summary>
    /// Reads the body's array header: the element count and where the first element starts. False when the body is
    /// not an array or an empty one: then no publication of the batch can be found, not even how many there were.
    /// </summary>
    public static bool TryReadCount(ReadOnlySpan<byte> body, out int count, out int firstElement)
    {
        var offset = 0;
        count = 0;
        firstElement = 0;
        if (!PublicationHeader.TryReadArrayLength(body, ref offset, out var length) || length == 0 || length > MaxElements
            || length > body.Length - offset)
        {
            // Each element takes at least one byte: a count larger than what is left is a lie, not a batch.
            return false;
        }

        count = (int)length;
        firstElement = offset;
        return true;
    }

    /// <summary>
    /// The end of the element that starts at <paramref name="start"/>: true with <paramref name="end"/> set when its
    /// MessagePack structure is complete within <paramref name="body"/> (its content is for the contract reader to
    /// judge); false when it runs past the body or holds a code never used, and then no later element can be found.
    /// </summary>
    public static bool TryFindEnd(ReadOnlySpan<byte> body, int start, out int end)
    {
        long position = start;
        var complete = MemberLocator.TrySkipValue(body, ref position);
        end = complete ? (int)position : body.Length;
        return complete;
    }
}
