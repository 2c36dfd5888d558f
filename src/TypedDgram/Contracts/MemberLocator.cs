using System.Buffers.Binary;

namespace TypedDgram.Contracts;

/// <summary>
/// Which member of a datagram <c>[typeId, member0, member1, ...]</c> a byte offset falls in, found by stepping over the
/// array's elements: a malformed datagram's report can then name the member, which the bounded reader does not track
/// (that would cost every read; this costs only a failed one). The bytes are hostile: the walk reads only lengths,
/// keeps a count of values still to step over instead of recursing (a 64 KiB datagram can nest 65,535 deep), and gives
/// up, answering null, on anything it cannot step over.
/// </summary>
internal static class MemberLocator
{
    /// <summary>
    /// The zero-based member whose bytes hold <paramref name="offset"/>, or the first missing one when the offset is
    /// the array's end; null when the offset is in the array's header or the type id, or the datagram is not an array.
    /// </summary>
    public static int? MemberAt(ReadOnlySpan<byte> datagram, long offset)
    {
        var position = 0L;
        if (!TryReadHeader(datagram, position, out var headerSize, out var count, out var isArray) || !isArray)
        {
            return null;
        }

        position += headerSize;
        for (var element = 0L; element < count; element++)
        {
            var start = position;
            var complete = TrySkipValue(datagram, ref position);
            if (offset >= start && (!complete || offset < position))
            {
                return MemberOf(element);
            }

            if (!complete)
            {
                return null;
            }
        }

        return offset == position ? MemberOf(count) : null;
    }

    // Element 0 is the type id.
    private static int? MemberOf(long element) => element is >= 1 and <= int.MaxValue ? (int)(element - 1) : null;

    /// <summary>
    /// Steps <paramref name="position"/> over the one MessagePack value there, nested values included, without
    /// recursing and without reading any value's content; false when the bytes end before it does or hold a code that
    /// is never used (position then somewhere inside it). PubSub finds a batch's elements with it.
    /// </summary>
    internal static bool TrySkipValue(ReadOnlySpan<byte> datagram, ref long position)
    {
        // Each value takes at least one byte, so this loop ends within the datagram's length.
        for (var pending = 1L; pending > 0; pending--)
        {
            if (!TryReadHeader(datagram, position, out var size, out var children, out _) || size > datagram.Length - position)
            {
                return false;
            }

            position += size;
            pending += children;
        }

        return true;
    }

    /// <summary>
    /// The value at <paramref name="position"/>: its size in bytes without the values it contains, how many values it
    /// contains (elements of an array, keys and values of a map), and whether it is an array.
    /// </summary>
    private static bool TryReadHeader(ReadOnlySpan<byte> datagram, long position, out long size, out long children, out bool isArray)
    {
        (size, children, isArray) = (0, 0, false);
        if (position >= datagram.Length)
        {
            return false;
        }

        var rest = datagram[(int)position..];
        var code = rest[0];
        switch (code)
        {
            case <= 0x7f or >= 0xe0 or 0xc0 or 0xc2 or 0xc3:
                size = 1;
                return true;
            case <= 0x8f:
                (size, children) = (1, 2 * (code & 0x0f));
                return true;
            case <= 0x9f:
                (size, children, isArray) = (1, code & 0x0f, true);
                return true;
            case <= 0xbf:
                size = 1 + (code & 0x1f);
                return true;
            case 0xc4 or 0xd9 when Has(rest, 1):
                size = 2 + Length(rest, 1);
                return true;
            case 0xc5 or 0xda when Has(rest, 2):
                size = 3 + Length(rest, 2);
                return true;
            case 0xc6 or 0xdb when Has(rest, 4):
                size = 5 + Length(rest, 4);
                return true;
            case 0xc7 when Has(rest, 1):
                size = 3 + Length(rest, 1);
                return true;
            case 0xc8 when Has(rest, 2):
                size = 4 + Length(rest, 2);
                return true;
            case 0xc9 when Has(rest, 4):
                size = 6 + Length(rest, 4);
                return true;
            case 0xcc or 0xd0 or 0xd4:
                size = code == 0xd4 ? 3 : 2;
                return true;
            case 0xcd or 0xd1 or 0xd5:
                size = code == 0xd5 ? 4 : 3;
                return true;
            case 0xca or 0xce or 0xd2 or 0xd6:
                size = code == 0xd6 ? 6 : 5;
                return true;
            case 0xcb or 0xcf or 0xd3 or 0xd7:
                size = code == 0xd7 ? 10 : 9;
                return true;
            case 0xd8:
                size = 18;
                return true;
            case 0xdc when Has(rest, 2):
                (size, children, isArray) = (3, Length(rest, 2), true);
                return true;
            case 0xdd when Has(rest, 4):
                (size, children, isArray) = (5, Length(rest, 4), true);
                return true;
            case 0xde when Has(rest, 2):
                (size, children) = (3, 2 * Length(rest, 2));
                return true;
            case 0xdf when Has(rest, 4):
                (size, children) = (5, 2 * Length(rest, 4));
                return true;
            default:
                return false; // 0xc1 (never used), or a header cut short
        }
    }

    // A length of `bytes` bytes after the code byte is there to read.
    private static bool Has(ReadOnlySpan<byte> rest, int bytes) => rest.Length > bytes;

    private static long Length(ReadOnlySpan<byte> rest, int bytes) => bytes switch
    {
        1 => rest[1],
        2 => BinaryPrimitives.ReadUInt16BigEndian(rest[1..]),
        _ => BinaryPrimitives.ReadUInt32BigEndian(rest[1..]),
    };
}
