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
}
