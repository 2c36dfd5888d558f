using System.Buffers.Binary;

namespace TypedDgram.PubSub;

/// <summary>
/// The layout of an authenticated frame (publication header version 2, docs/wire-format.md, section 7, "Authenticated
/// publications"): the MessagePack array
/// <c>["TDGP", 2, kind, suite, keyId, publisherId (bin 8), sequence (uint), body, tag (bin)]</c>.
/// With HMAC-SHA256 the body is the contract datagram verbatim and the tag (bin 8 of 32 bytes) is the HMAC of every
/// byte before the tag element; with AES-256-GCM the body is a bin of the encrypted contract datagram and the tag
/// (bin 8 of 16 bytes) is GCM's, with every byte before the ciphertext as associated data. The tag element is last and
/// of fixed size, so a reader finds it from the end.
/// </summary>
internal static class SecureFrame
{
    /// <summary>The header version of an authenticated frame.</summary>
    public const int Version = 2;

    /// <summary>The array's element count.</summary>
    public const int ElementCount = 9;

    /// <summary>
    /// The header's length at most: fixarray, fixstr "TDGP", version, kind, suite, key id (uint 8), bin 8 publisher id,
    /// uint 64 sequence, and for AES-GCM the bin 16 header of the ciphertext.
    /// </summary>
    public const int MaxHeaderLength = 1 + 5 + 1 + 1 + 1 + 2 + 10 + 9 + 3;

    /// <summary>The HMAC-SHA256 tag's length.</summary>
    public const int MacLength = 32;

    /// <summary>The AES-GCM tag's length (the largest GCM allows).</summary>
    public const int GcmTagLength = 16;

    /// <summary>The bytes a frame adds at most besides the contract datagram: header and the tag element.</summary>
    public const int MaxOverhead = MaxHeaderLength + 2 + MacLength;

    /// <summary>
    /// Writes the header of frame <paramref name="sequence"/> into <paramref name="destination"/> (at least
    /// <see cref="MaxHeaderLength"/> bytes) and returns its length. For AES-GCM it ends with the bin 16 header of the
    /// ciphertext, its length left 0 for <see cref="BusKeyRing.Seal"/> to fill in.
    /// </summary>
    public static int WriteHeader(Span<byte> destination, FrameKind kind, FrameSuite suite, int keyId, ulong publisherId, ulong sequence)
    {
        destination[0] = 0x90 | ElementCount;   // fixarray of 9
        destination[1] = 0xa0 | 4;              // fixstr of 4
        PublicationHeader.Marker.CopyTo(destination[2..]);
        destination[6] = Version;
        destination[7] = (byte)kind;            // positive fixints while there are fewer than 128 of them
        destination[8] = (byte)suite;
        var length = 9 + PublicationHeader.WriteUInt(destination[9..], (ulong)keyId);
        destination[length] = 0xc4;             // bin 8
        destination[length + 1] = 8;
        BinaryPrimitives.WriteUInt64BigEndian(destination[(length + 2)..], publisherId);
        length += 10;
        length += PublicationHeader.WriteUInt(destination[length..], sequence);
        if (suite == FrameSuite.Aes256Gcm)
        {
            destination[length] = 0xc5;         // bin 16: its length is known only once the contract is written
            destination[length + 1] = 0;
            destination[length + 2] = 0;
            length += 3;
        }

        return length;
    }

    /// <summary>
    /// Reads the layout of a version 2 frame. True when <paramref name="datagram"/> is one (whatever its tag says);
    /// false with the reason in <paramref name="error"/> otherwise, with <paramref name="isPublication"/> set when it
    /// does start as a publication (the marker): a keyed bus rejects those (version 1, or a frame changed beyond reading)
    /// quietly, and reports only other traffic as malformed.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out Layout layout, out bool isPublication, out HeaderError error)
    {
        layout = default;
        isPublication = false;
        var offset = 0;
        if (!PublicationHeader.TryReadArrayLength(datagram, ref offset, out var elements)
            || !PublicationHeader.TryReadStr(datagram, ref offset, out var marker) || !marker.SequenceEqual(PublicationHeader.Marker))
        {
            error = new HeaderError("not a publication: no TypedDgram pub/sub header (a [\"TDGP\", ...] array)", 0);
            return false;
        }

        isPublication = true;
        var at = offset;
        if (!PublicationHeader.TryReadUInt(datagram, ref offset, out var version) || version != Version || elements != ElementCount)
        {
            error = new HeaderError(
                version == PublicationHeader.Version && elements == 5 ? "a publication without a tag (version 1) on a bus that has a key" : $"authenticated frame: expected version {Version} with {ElementCount} elements (got version {version}, {elements} elements)",
                at);
            return false;
        }

        ulong kind = 0, suite = 0, keyId = 0, sequence = 0;
        scoped ReadOnlySpan<byte> id = default;
        at = offset;
        if (!PublicationHeader.TryReadUInt(datagram, ref offset, out kind)
            || !PublicationHeader.TryReadUInt(datagram, ref offset, out suite) || suite is not ((ulong)FrameSuite.HmacSha256 or (ulong)FrameSuite.Aes256Gcm)
            || !PublicationHeader.TryReadUInt(datagram, ref offset, out keyId) || keyId > byte.MaxValue
            || !PublicationHeader.TryReadBin(datagram, ref offset, out id) || id.Length != 8
            || !PublicationHeader.TryReadUInt(datagram, ref offset, out sequence))
        {
            error = new HeaderError("authenticated frame: kind, suite (1 or 2), key id (0-255), publisher id (bin 8) and sequence expected", at);
            return false;
        }

        var frameSuite = (FrameSuite)suite;
        var tagLength = frameSuite == FrameSuite.HmacSha256 ? MacLength : GcmTagLength;
        var tagStart = datagram.Length - 2 - tagLength;
        var bodyStart = offset;
        var payloadStart = bodyStart;
        var payloadEnd = tagStart;
        if (frameSuite == FrameSuite.Aes256Gcm
            && (!PublicationHeader.TryReadBin(datagram, ref offset, out var ciphertext) || offset != tagStart || ciphertext.Length == 0))
        {
            error = new HeaderError("authenticated frame: the body is not a bin of ciphertext followed by a 16-byte tag", bodyStart);
            return false;
        }

        if (frameSuite == FrameSuite.Aes256Gcm)
        {
            payloadStart = bodyStart + HeaderOfBin(datagram[bodyStart]);
        }

        if (tagStart <= bodyStart || datagram[tagStart] != 0xc4 || datagram[tagStart + 1] != tagLength)
        {
            error = new HeaderError($"authenticated frame: no contract datagram followed by a {tagLength}-byte tag (bin 8) at the end", Math.Max(bodyStart, 0));
            return false;
        }

        layout = new Layout((FrameKind)(int)Math.Min(kind, (ulong)int.MaxValue), frameSuite, (int)keyId, BinaryPrimitives.ReadUInt64BigEndian(id), sequence, payloadStart, payloadEnd, tagStart);
        error = default;
        return true;
    }

    // The length of a bin header from its first byte (the reader above has checked it is one).
    private static int HeaderOfBin(byte code) => code switch { 0xc4 => 2, 0xc5 => 3, _ => 5 };

    /// <summary>
    /// Where the parts of a version 2 frame are. <see cref="PayloadStart"/>..<see cref="PayloadEnd"/> is the contract
    /// datagram (HMAC) or its ciphertext (AES-GCM); the tag's bytes start 2 after <see cref="TagStart"/>.
    /// </summary>
    public readonly record struct Layout(FrameKind Kind, FrameSuite Suite, int KeyId, ulong PublisherId, ulong Sequence, int PayloadStart, int PayloadEnd, int TagStart);
}
