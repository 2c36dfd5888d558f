using System.Buffers.Binary;

namespace TypedDgram.PubSub;

/// <summary>
/// The unkeyed frame (publication header version 3, docs/wire-format.md section 7, "Frames"): the MessagePack array
/// <c>["TDGP", 3, kind, publisherId (bin 8), sequence (uint), body]</c>. The body is one MessagePack value, the last
/// element, so its bytes follow the header verbatim. An unkeyed bus writes a lone publication as version 1 (so that
/// readers of version 1 keep reading it) and every other kind as this.
/// </summary>
internal static class PlainFrame
{
    /// <summary>The header version of an unkeyed frame.</summary>
    public const int Version = 3;

    /// <summary>The array's element count.</summary>
    public const int ElementCount = 6;

    /// <summary>The header's length at most: fixarray, fixstr "TDGP", version, kind, bin 8 publisher id, uint 64 sequence.</summary>
    public const int MaxHeaderLength = 1 + 5 + 1 + 1 + 10 + 9;

    /// <summary>
    /// Writes the header of frame <paramref name="sequence"/> of <paramref name="kind"/> into
    /// <paramref name="destination"/> (at least <see cref="MaxHeaderLength"/> bytes) and returns its length; the body is
    /// to be written right after it.
    /// </summary>
    public static int WriteHeader(Span<byte> destination, FrameKind kind, ulong publisherId, ulong sequence)
    {
        destination[0] = 0x90 | ElementCount;   // fixarray of 6
        destination[1] = 0xa0 | 4;              // fixstr of 4
        PublicationHeader.Marker.CopyTo(destination[2..]);
        destination[6] = Version;
        destination[7] = (byte)kind;            // a positive fixint while there are fewer than 128 kinds
        destination[8] = 0xc4;                  // bin 8
        destination[9] = 8;
        BinaryPrimitives.WriteUInt64BigEndian(destination[10..], publisherId);
        return 18 + PublicationHeader.WriteUInt(destination[18..], sequence);
    }

    /// <summary>
    /// Reads the elements after the version of a version 3 frame whose array header, marker and version
    /// <see cref="PublicationHeader.TryRead"/> has read (<paramref name="offset"/> is just past the version).
    /// </summary>
    internal static bool TryReadRest(ReadOnlySpan<byte> datagram, int offset, out FrameHeader header, out HeaderError error)
    {
        header = default;
        var at = offset;
        if (!PublicationHeader.TryReadUInt(datagram, ref offset, out var kind))
        {
            error = new HeaderError("frame header: kind is not an unsigned integer", at);
            return false;
        }

        at = offset;
        if (!PublicationHeader.TryReadBin(datagram, ref offset, out var id) || id.Length != 8)
        {
            error = new HeaderError("frame header: publisher id is not a bin of 8 bytes", at);
            return false;
        }

        at = offset;
        if (!PublicationHeader.TryReadUInt(datagram, ref offset, out var sequence))
        {
            error = new HeaderError("frame header: sequence is not an unsigned integer", at);
            return false;
        }

        if (offset == datagram.Length)
        {
            error = new HeaderError("frame header: no body after the header", offset);
            return false;
        }

        header = new FrameHeader(
            (FrameKind)(int)Math.Min(kind, int.MaxValue), BinaryPrimitives.ReadUInt64BigEndian(id), sequence, offset);
        error = default;
        return true;
    }
}
