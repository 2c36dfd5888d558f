using System.Buffers.Binary;

namespace TypedDgram.PubSub;

// Stand-in until the lead's frames commit lands (taken from main on merge).
internal static class PlainFrame
{
    public const int Version = 3;

    public const int MaxHeaderLength = 1 + 5 + 1 + 1 + 10 + 9;

    public static int WriteHeader(Span<byte> destination, FrameKind kind, ulong publisherId, ulong sequence)
    {
        destination[0] = 0x96;
        destination[1] = 0xa4;
        PublicationHeader.Marker.CopyTo(destination[2..]);
        destination[6] = Version;
        destination[7] = (byte)kind;
        destination[8] = 0xc4;
        destination[9] = 8;
        BinaryPrimitives.WriteUInt64BigEndian(destination[10..], publisherId);
        return 18 + PublicationHeader.WriteUInt(destination[18..], sequence);
    }

    public static bool TryRead(ReadOnlySpan<byte> datagram, out FrameKind kind, out ulong publisherId, out ulong sequence, out int bodyOffset)
    {
        (kind, publisherId, sequence, bodyOffset) = (default, 0, 0, 0);
        var offset = 0;
        if (!PublicationHeader.TryReadArrayLength(datagram, ref offset, out var elements) || elements != 6
            || !PublicationHeader.TryReadStr(datagram, ref offset, out var marker) || !marker.SequenceEqual(PublicationHeader.Marker)
            || !PublicationHeader.TryReadUInt(datagram, ref offset, out var version) || version != Version
            || !PublicationHeader.TryReadUInt(datagram, ref offset, out var k)
            || !PublicationHeader.TryReadBin(datagram, ref offset, out var id) || id.Length != 8
            || !PublicationHeader.TryReadUInt(datagram, ref offset, out sequence) || offset == datagram.Length)
        {
            return false;
        }

        kind = (FrameKind)(int)Math.Min(k, int.MaxValue);
        publisherId = BinaryPrimitives.ReadUInt64BigEndian(id);
        bodyOffset = offset;
        return true;
    }
}
