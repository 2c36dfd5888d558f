using System.Buffers.Binary;

namespace TypedDgram.PubSub;

/// <summary>
/// The pub/sub header that wraps a contract datagram into a publication: the MessagePack array
/// <c>["TDGP", 1, publisherId (bin 8), sequence (uint), contract datagram]</c>, documented byte by byte in
/// docs/wire-format.md, section 7. The contract datagram is the last element, so it follows the header bytes verbatim.
/// </summary>
internal static class PublicationHeader
{
    /// <summary>The version of a lone unkeyed publication; a reader also reads <see cref="PlainFrame.Version"/> frames.</summary>
    public const int Version = 1;

    /// <summary>The header's length at most: fixarray, fixstr "TDGP", version, bin 8 publisher id, uint 64 sequence.</summary>
    public const int MaxLength = 1 + 5 + 1 + 10 + 9;

    private const int ElementCount = 5;
    private const int PublisherIdLength = 8;

    /// <summary>The marker's UTF-8 bytes: a string where a contract datagram has its integer type id, so neither is mistaken for the other.</summary>
    internal static ReadOnlySpan<byte> Marker => "TDGP"u8;

    /// <summary>
    /// Writes the header of publication <paramref name="sequence"/> of <paramref name="publisherId"/> into
    /// <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes) and returns its length; the contract
    /// datagram is to be written right after it.
    /// </summary>
    public static int Write(Span<byte> destination, ulong publisherId, ulong sequence)
    {
        destination[0] = 0x90 | ElementCount;   // fixarray of 5
        destination[1] = 0xa0 | 4;              // fixstr of 4
        Marker.CopyTo(destination[2..]);
        destination[6] = Version;               // positive fixint
        destination[7] = 0xc4;                  // bin 8
        destination[8] = PublisherIdLength;
        BinaryPrimitives.WriteUInt64BigEndian(destination[9..], publisherId);
        return 17 + WriteUInt(destination[17..], sequence);
    }

    /// <summary>
    /// Reads the header of <paramref name="datagram"/>: a version 1 publication (kind
    /// <see cref="FrameKind.Publication"/>) or a version 3 frame of any kind (<see cref="PlainFrame"/>). On success
    /// <paramref name="header"/> says its kind, who sent it, its number and where its body starts; otherwise
    /// <paramref name="error"/> says why it is not a frame this version reads, and at which byte.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out FrameHeader header, out HeaderError error)
    {
        header = default;
        var offset = 0;

        // An authenticated publication (section 7, "Authenticated publications") has more elements; its version says so.
        if (!TryReadArrayLength(datagram, ref offset, out var elements)
            || elements is not (ElementCount or PlainFrame.ElementCount or SecureFrame.ElementCount)
            || !TryReadStr(datagram, ref offset, out var marker) || !marker.SequenceEqual(Marker))
        {
            error = new HeaderError("not a publication: no TypedDgram pub/sub header (a [\"TDGP\", ...] array)", 0);
            return false;
        }

        var at = offset;
        if (TryReadUInt(datagram, ref offset, out var version) && version == PlainFrame.Version && elements == PlainFrame.ElementCount)
        {
            return PlainFrame.TryReadRest(datagram, offset, out header, out error);
        }

        if (offset == at || version != Version || elements != ElementCount)
        {
            error = new HeaderError(
                offset == at ? "publication header: version is not an unsigned integer"
                : version == SecureFrame.Version && elements == SecureFrame.ElementCount ? "an authenticated publication (version 2): this bus has no key to check it with (MulticastOptions.Key), so it cannot read it"
                : version == Version ? "not a publication: a version 1 publication header is an array of 5 elements"
                : version == PlainFrame.Version ? "not a frame: a version 3 frame header is an array of 6 elements"
                : $"publication header: unsupported version {version} (this reader knows {Version} and {PlainFrame.Version})",
                at);
            return false;
        }

        at = offset;
        if (!TryReadBin(datagram, ref offset, out var id) || id.Length != PublisherIdLength)
        {
            error = new HeaderError("publication header: publisher id is not a bin of 8 bytes", at);
            return false;
        }

        at = offset;
        if (!TryReadUInt(datagram, ref offset, out var sequence))
        {
            error = new HeaderError("publication header: sequence is not an unsigned integer", at);
            return false;
        }

        if (offset == datagram.Length)
        {
            error = new HeaderError("publication header: no contract datagram after the header", offset);
            return false;
        }

        header = new FrameHeader(FrameKind.Publication, BinaryPrimitives.ReadUInt64BigEndian(id), sequence, offset);
        error = default;
        return true;
    }

    // Smallest MessagePack form, as every MessagePack writer does.
    internal static int WriteUInt(Span<byte> destination, ulong value)
    {
        switch (value)
        {
            case <= 0x7f:
                destination[0] = (byte)value;
                return 1;
            case <= byte.MaxValue:
                destination[0] = 0xcc;
                destination[1] = (byte)value;
                return 2;
            case <= ushort.MaxValue:
                destination[0] = 0xcd;
                BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)value);
                return 3;
            case <= uint.MaxValue:
                destination[0] = 0xce;
                BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)value);
                return 5;
            default:
                destination[0] = 0xcf;
                BinaryPrimitives.WriteUInt64BigEndian(destination[1..], value);
                return 9;
        }
    }

    // The readers below accept every MessagePack encoding of their type (not only the smallest), as other
    // languages' writers may choose a wider one; each returns false without moving on truncated or other input.
    internal static bool TryReadArrayLength(ReadOnlySpan<byte> data, ref int offset, out long length)
    {
        length = 0;
        if (offset >= data.Length)
        {
            return false;
        }

        var code = data[offset];
        if (code is >= 0x90 and <= 0x9f)
        {
            length = code & 0x0f;
            offset += 1;
            return true;
        }

        return code switch
        {
            0xdc => TryBigEndian(data, ref offset, 2, out length),
            0xdd => TryBigEndian(data, ref offset, 4, out length),
            _ => false,
        };
    }

    internal static bool TryReadStr(ReadOnlySpan<byte> data, ref int offset, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (offset >= data.Length)
        {
            return false;
        }

        var code = data[offset];
        if (code is >= 0xa0 and <= 0xbf)
        {
            var start = offset;
            offset += 1;
            return TryTake(data, ref offset, start, code & 0x1f, out bytes);
        }

        return TryReadSized(data, ref offset, code switch { 0xd9 => 1, 0xda => 2, 0xdb => 4, _ => 0 }, out bytes);
    }

    internal static bool TryReadBin(ReadOnlySpan<byte> data, ref int offset, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        return offset < data.Length
            && TryReadSized(data, ref offset, data[offset] switch { 0xc4 => 1, 0xc5 => 2, 0xc6 => 4, _ => 0 }, out bytes);
    }

    // A str or bin whose length follows its code in `width` big-endian bytes (0: not such a code).
    private static bool TryReadSized(ReadOnlySpan<byte> data, ref int offset, int width, out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        var start = offset;
        return width != 0
            && TryBigEndian(data, ref offset, width, out var length)
            && TryTake(data, ref offset, start, length, out bytes);
    }

    internal static bool TryReadUInt(ReadOnlySpan<byte> data, ref int offset, out ulong value)
    {
        value = 0;
        if (offset >= data.Length)
        {
            return false;
        }

        var code = data[offset];
        if (code <= 0x7f)
        {
            value = code;
            offset += 1;
            return true;
        }

        var start = offset;
        var width = code switch
        {
            0xcc or 0xd0 => 1,
            0xcd or 0xd1 => 2,
            0xce or 0xd2 => 4,
            0xcf or 0xd3 => 8,
            _ => 0,
        };
        if (width == 0 || data.Length - offset - 1 < width)
        {
            return false;
        }

        var raw = data.Slice(offset + 1, width);
        value = width switch
        {
            1 => raw[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(raw),
            4 => BinaryPrimitives.ReadUInt32BigEndian(raw),
            _ => BinaryPrimitives.ReadUInt64BigEndian(raw),
        };

        // A signed encoding (0xd0-0xd3) is accepted for a non-negative value only: its top bit is the sign.
        var signed = code >= 0xd0;
        if (signed && (raw[0] & 0x80) != 0)
        {
            offset = start;
            return false;
        }

        offset += 1 + width;
        return true;
    }

    private static bool TryBigEndian(ReadOnlySpan<byte> data, ref int offset, int width, out long value)
    {
        value = 0;
        if (data.Length - offset - 1 < width)
        {
            return false;
        }

        var raw = data.Slice(offset + 1, width);
        value = width switch
        {
            1 => raw[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(raw),
            _ => BinaryPrimitives.ReadUInt32BigEndian(raw),
        };
        offset += 1 + width;
        return true;
    }

    private static bool TryTake(ReadOnlySpan<byte> data, ref int offset, int start, long length, out ReadOnlySpan<byte> bytes)
    {
        if (length > data.Length - offset)
        {
            offset = start;
            bytes = default;
            return false;
        }

        bytes = data.Slice(offset, (int)length);
        offset += (int)length;
        return true;
    }
}
