using System.Buffers.Binary;

namespace TypedDgram.PubSub;

/// <summary>
/// The body of a fragment frame (kind 4, docs/wire-format.md, section 7, "Fragments"): the MessagePack array
/// <c>[publication, total, offset, bytes]</c>. <c>publication</c> is the publication number the whole publication takes
/// (the one its sequence check and counters use), <c>total</c> the length of its contract datagram, <c>offset</c> where
/// this fragment's <c>bytes</c> (a bin) go in it. Read from a received frame, <see cref="Bytes"/> points into the frame.
/// </summary>
internal readonly ref struct FragmentBody
{
    /// <summary>The most a body adds around its bytes: fixarray, uint 64 publication, uint 32 total and offset, bin 32 header.</summary>
    public const int MaxOverhead = 1 + 9 + 5 + 5 + 5;

    private const int ElementCount = 4;

    public FragmentBody(ulong publication, int total, int offset, ReadOnlySpan<byte> bytes)
    {
        Publication = publication;
        Total = total;
        Offset = offset;
        Bytes = bytes;
    }

    /// <summary>The publication number of the publication this is part of.</summary>
    public ulong Publication { get; }

    /// <summary>The length of the whole publication's contract datagram, in bytes.</summary>
    public int Total { get; }

    /// <summary>Where <see cref="Bytes"/> start in the publication's contract datagram.</summary>
    public int Offset { get; }

    /// <summary>This fragment's part of the contract datagram.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>
    /// Writes this body into <paramref name="destination"/> (at least <see cref="MaxOverhead"/> plus the bytes' length)
    /// in the smallest encodings, and returns its length.
    /// </summary>
    public int Write(Span<byte> destination)
    {
        destination[0] = 0x90 | ElementCount;
        var length = 1;
        length += PublicationHeader.WriteUInt(destination[length..], Publication);
        length += PublicationHeader.WriteUInt(destination[length..], (ulong)Total);
        length += PublicationHeader.WriteUInt(destination[length..], (ulong)Offset);
        length += WriteBinHeader(destination[length..], Bytes.Length);
        Bytes.CopyTo(destination[length..]);
        return length + Bytes.Length;
    }

    /// <summary>
    /// Reads a fragment body that must fill <paramref name="body"/> exactly. Checks the layout only (the reassembler
    /// checks the numbers against each other and its limits); otherwise <paramref name="error"/> says what is wrong and
    /// at which byte of the body.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> body, out FragmentBody fragment, out HeaderError error)
    {
        fragment = default;
        var offset = 0;
        if (!PublicationHeader.TryReadArrayLength(body, ref offset, out var elements) || elements != ElementCount)
        {
            error = new HeaderError("fragment: the body is not an array of 4 elements [publication, total, offset, bytes]", 0);
            return false;
        }

        var at = offset;
        if (!PublicationHeader.TryReadUInt(body, ref offset, out var publication))
        {
            error = new HeaderError("fragment: the publication number is not an unsigned integer", at);
            return false;
        }

        at = offset;
        if (!PublicationHeader.TryReadUInt(body, ref offset, out var total) || total is 0 or > int.MaxValue)
        {
            error = new HeaderError("fragment: the total length is not an unsigned integer from 1 to 2^31 - 1", at);
            return false;
        }

        at = offset;
        if (!PublicationHeader.TryReadUInt(body, ref offset, out var start) || start > int.MaxValue)
        {
            error = new HeaderError("fragment: the offset is not an unsigned integer below 2^31", at);
            return false;
        }

        at = offset;
        if (!PublicationHeader.TryReadBin(body, ref offset, out var bytes) || bytes.IsEmpty)
        {
            error = new HeaderError("fragment: the bytes are not a bin of at least 1 byte", at);
            return false;
        }

        if (offset != body.Length)
        {
            error = new HeaderError($"fragment: {body.Length - offset} bytes follow the body", offset);
            return false;
        }

        // Sliced from the body itself: the bytes live as long as it does.
        fragment = new FragmentBody(publication, (int)total, (int)start, body[(offset - bytes.Length)..offset]);
        error = default;
        return true;
    }

    // bin 8, bin 16 or bin 32: the smallest that holds the length, as every MessagePack writer chooses.
    private static int WriteBinHeader(Span<byte> destination, int length)
    {
        switch (length)
        {
            case <= byte.MaxValue:
                destination[0] = 0xc4;
                destination[1] = (byte)length;
                return 2;
            case <= ushort.MaxValue:
                destination[0] = 0xc5;
                BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)length);
                return 3;
            default:
                destination[0] = 0xc6;
                BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
                return 5;
        }
    }
}
