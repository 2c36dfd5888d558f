using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TypedDgram.Contracts;

namespace TypedDgram.PubSub;

/// <summary>
/// The keys of a keyed bus and what it does with them: seals what it sends (HMAC-SHA256, or AES-256-GCM when
/// confidential) under its current key, and opens what it receives under any key it accepts (docs/wire-format.md,
/// section 7, "Authenticated publications"). Transport-neutral: it works on bytes, so any bus (multicast, a broker) can
/// use it between serializing and sending, and between receiving and reading.
/// </summary>
/// <remarks>
/// No key is used directly. The HMAC key is HKDF-SHA256(secret, info "TypedDgram pub/sub v2 HMAC-SHA256"); the AES key of
/// one publisher is HKDF-SHA256(secret, info "TypedDgram pub/sub v2 AES-256-GCM" + its 8-byte publisher id), and its
/// 12-byte nonce is the frame kind (4 bytes) and the sequence number (8 bytes), big-endian. A publisher id is drawn at
/// random for each bus and never reused, and a bus never reuses a (kind, sequence) pair, so no nonce repeats under an
/// AES key: a restarted process is a new bus, hence a new id, hence a new AES key, and may start again at 0. Two buses
/// would share AES keys only if they drew the same 64-bit id (after 2^32 buses, even odds).
/// </remarks>
internal sealed class BusKeyRing
{
    private const int DerivedKeyLength = 32;

    // Every AES key tried by the receive loop that opened a frame; cleared when full (forged ids never get in: a key is
    // kept only after its frame verified).
    private const int MaxOpeners = 4096;

    private static ReadOnlySpan<byte> MacInfo => "TypedDgram pub/sub v2 HMAC-SHA256"u8;

    private static ReadOnlySpan<byte> GcmInfo => "TypedDgram pub/sub v2 AES-256-GCM"u8;

    private readonly AcceptedKey?[] _byId = new AcceptedKey?[byte.MaxValue + 1];
    private readonly AcceptedKey _current;
    private readonly ulong _publisherId;
    private readonly AesGcm? _sealer;

    // Keyed once: a one-shot HMACSHA256.HashData sets the key up again for every frame (two more hash blocks).
    // Used under the publisher's lock; each accepted key's own instance is used only by the receive loop.
    private readonly IncrementalHash _sealingMac;
    private readonly Dictionary<(int KeyId, ulong PublisherId), AesGcm> _openers = [];

    /// <summary>A key ring that publishes under <paramref name="current"/> as <paramref name="publisherId"/> and accepts it and <paramref name="accepted"/>.</summary>
    public BusKeyRing(GroupKey current, IReadOnlyList<GroupKey> accepted, bool confidential, ulong publisherId)
    {
        foreach (var key in accepted.Append(current))
        {
            var macKey = Derive(key.Secret, MacInfo, []);
            _byId[key.Id] = new AcceptedKey(key, macKey, IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, macKey));
        }

        _current = _byId[current.Id]!;
        _publisherId = publisherId;
        Suite = confidential ? FrameSuite.Aes256Gcm : FrameSuite.HmacSha256;
        _sealer = confidential ? NewGcm(current, publisherId) : null;
        _sealingMac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _current.MacKey);
    }

    /// <summary>How this bus protects what it publishes.</summary>
    public FrameSuite Suite { get; }

    /// <summary>The id of the key this bus publishes under.</summary>
    public int KeyId => _current.Key.Id;

    /// <summary>The bytes sealing adds after the contract datagram (the tag element).</summary>
    public int TrailerLength => 2 + (Suite == FrameSuite.HmacSha256 ? SecureFrame.MacLength : SecureFrame.GcmTagLength);

    /// <summary>
    /// Serializes <paramref name="message"/> as publication <paramref name="sequence"/> of <paramref name="publisherId"/>
    /// and seals it; the caller owns the returned pooled array of <paramref name="length"/> bytes, of which
    /// <paramref name="overhead"/> are header and tag.
    /// </summary>
    public byte[] SealPublication<T>(T message, ulong publisherId, ulong sequence, out int length, out int overhead)
        where T : IDatagram<T>
    {
        var buffer = PooledEnvelope.Serialize(
            message, new SecureFramePrefix(FrameKind.Publication, Suite, KeyId, publisherId, sequence), out length, out var headerLength);
        buffer = Seal(buffer, ref length, headerLength, FrameKind.Publication, sequence);
        overhead = headerLength + TrailerLength;
        return buffer;
    }

    /// <summary>
    /// Seals the frame in the pooled <paramref name="buffer"/>: its first <paramref name="headerLength"/> bytes are the
    /// header written by <see cref="SecureFrame.WriteHeader"/> for <paramref name="kind"/> and <paramref name="sequence"/>,
    /// the rest of <paramref name="length"/> the body. Appends the tag (the buffer may be replaced by a larger one) and,
    /// with AES-GCM, encrypts the body in place. Called under the publisher's lock: the AES instance is not shared.
    /// </summary>
    public byte[] Seal(byte[] buffer, ref int length, int headerLength, FrameKind kind, ulong sequence)
    {
        var sealedLength = length + TrailerLength;
        if (buffer.Length < sealedLength)
        {
            var larger = ArrayPool<byte>.Shared.Rent(sealedLength);
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        var frame = buffer.AsSpan(0, sealedLength);
        frame[length] = 0xc4;
        frame[length + 1] = (byte)(TrailerLength - 2);
        if (_sealer is null)
        {
            _sealingMac.AppendData(frame[..length]);
            _sealingMac.GetHashAndReset(frame[(length + 2)..]);
        }
        else
        {
            var body = frame[headerLength..length];
            BinaryPrimitives.WriteUInt16BigEndian(frame[(headerLength - 2)..], (ushort)body.Length);
            Span<byte> nonce = stackalloc byte[12];
            WriteNonce(nonce, kind, sequence);
            _sealer.Encrypt(nonce, body, body, frame[(length + 2)..], frame[..headerLength]);
        }

        length = sealedLength;
        return buffer;
    }

    /// <summary>
    /// Checks a received datagram: <see cref="FrameVerdict.Opened"/> with the frame (of any kind: the bus decides what
    /// it knows) in <paramref name="opened"/>, its body decrypted if need be in a thread-local scratch buffer valid until
    /// the next call on this thread; otherwise why not.
    /// </summary>
    public FrameVerdict Open(ReadOnlySpan<byte> datagram, out ReceivedFrame opened, out HeaderError error)
    {
        opened = default;
        ReadOnlyMemory<byte> payload;
        if (!SecureFrame.TryRead(datagram, out var frame, out var isPublication, out error))
        {
            return isPublication ? FrameVerdict.Rejected : FrameVerdict.Malformed;
        }

        if (_byId[frame.KeyId] is not { } key)
        {
            error = new HeaderError($"authenticated frame: key id {frame.KeyId} is not one this bus accepts", 0);
            return FrameVerdict.Rejected;
        }

        var tag = datagram[(frame.TagStart + 2)..];
        var body = datagram[frame.PayloadStart..frame.PayloadEnd];
        if (frame.Suite == FrameSuite.HmacSha256)
        {
            Span<byte> expected = stackalloc byte[SecureFrame.MacLength];
            key.Mac.AppendData(datagram[..frame.TagStart]);
            key.Mac.GetHashAndReset(expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, tag))
            {
                error = new HeaderError("authenticated frame: the tag does not verify (forged, changed, or under another secret)", frame.TagStart);
                return FrameVerdict.Rejected;
            }

            payload = ReceiveScratch.Copy(body);
        }
        else
        {
            payload = ReceiveScratch.Copy(body);
            if (!TryDecrypt(key, frame, datagram[..frame.PayloadStart], MemoryMarshal.AsMemory(payload).Span, tag))
            {
                error = new HeaderError("authenticated frame: the tag does not verify (forged, changed, or under another secret)", frame.TagStart);
                return FrameVerdict.Rejected;
            }
        }

        opened = new ReceivedFrame(new FrameHeader(frame.Kind, frame.PublisherId, frame.Sequence, frame.PayloadStart), payload);
        return FrameVerdict.Opened;
    }

    private bool TryDecrypt(AcceptedKey key, SecureFrame.Layout frame, ReadOnlySpan<byte> associated, Span<byte> body, ReadOnlySpan<byte> tag)
    {
        Span<byte> nonce = stackalloc byte[12];
        WriteNonce(nonce, frame.Kind, frame.Sequence);
        var known = _openers.TryGetValue((frame.KeyId, frame.PublisherId), out var opener);
        opener ??= NewGcm(key.Key, frame.PublisherId);
        try
        {
            opener.Decrypt(nonce, body, tag, body, associated);
        }
        catch (AuthenticationTagMismatchException)
        {
            if (!known)
            {
                opener.Dispose();
            }

            return false;
        }

        if (!known)
        {
            if (_openers.Count >= MaxOpeners)
            {
                foreach (var old in _openers.Values)
                {
                    old.Dispose();
                }

                _openers.Clear();
            }

            _openers.Add((frame.KeyId, frame.PublisherId), opener);
        }

        return true;
    }

    private static void WriteNonce(Span<byte> nonce, FrameKind kind, ulong sequence)
    {
        BinaryPrimitives.WriteUInt32BigEndian(nonce, (uint)kind);
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], sequence);
    }

    private static AesGcm NewGcm(GroupKey key, ulong publisherId)
    {
        Span<byte> id = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(id, publisherId);
        var aesKey = Derive(key.Secret, GcmInfo, id);
        try
        {
            return new AesGcm(aesKey, SecureFrame.GcmTagLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(aesKey);
        }
    }

    private static byte[] Derive(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> info, ReadOnlySpan<byte> publisherId)
    {
        Span<byte> fullInfo = stackalloc byte[info.Length + publisherId.Length];
        info.CopyTo(fullInfo);
        publisherId.CopyTo(fullInfo[info.Length..]);
        var derived = new byte[DerivedKeyLength];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, derived, salt: [], fullInfo);
        return derived;
    }

    /// <summary>A key this bus accepts, with its derived HMAC key and the receive loop's HMAC keyed with it.</summary>
    private sealed record AcceptedKey(GroupKey Key, byte[] MacKey, IncrementalHash Mac);
}
