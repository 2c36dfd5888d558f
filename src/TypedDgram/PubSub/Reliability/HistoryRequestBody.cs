using System.Buffers.Binary;

namespace TypedDgram.PubSub;

/// <summary>
/// The body of a history request frame (kind 5): <c>[publisherId (bin 8)]</c>, the publisher whose retained history a
/// late-joining subscriber asks for (docs/wire-format.md, section 7, "Late joiners"). 12 bytes: <c>91 c4 08</c> and the id.
/// </summary>
internal static class HistoryRequestBody
{
    /// <summary>The body's length.</summary>
    public const int Length = 3 + sizeof(ulong);

    /// <summary>Writes the body asking <paramref name="publisherId"/> into <paramref name="destination"/> (at least <see cref="Length"/> bytes).</summary>
    public static void Write(Span<byte> destination, ulong publisherId)
    {
        destination[0] = 0x91;
        destination[1] = 0xc4;
        destination[2] = sizeof(ulong);
        BinaryPrimitives.WriteUInt64BigEndian(destination[3..], publisherId);
    }

    /// <summary>Reads the body: exactly a 1-element array of a bin 8 of 8 bytes; false otherwise (anyone can send one).</summary>
    public static bool TryRead(ReadOnlySpan<byte> body, out ulong publisherId)
    {
        publisherId = 0;
        if (body.Length != Length || body[0] != 0x91 || body[1] != 0xc4 || body[2] != sizeof(ulong))
        {
            return false;
        }

        publisherId = BinaryPrimitives.ReadUInt64BigEndian(body[3..]);
        return true;
    }
}
