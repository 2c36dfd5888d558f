using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub;

/// <summary>
/// docs/wire-format.md, section 7, "Authenticated publications": the example byte by byte, and both tags recomputed
/// from the text alone (HKDF, HMAC, AES-GCM with the documented info strings, nonce and associated data), as a peer in
/// another language would.
/// </summary>
public class SecureFrameTests
{
    private const ulong Id = 0x0123456789ABCDEF;
    private static readonly byte[] Contract = [0x92, 0x07, 0xa4, (byte)'A', (byte)'C', (byte)'M', (byte)'E'];
    private static readonly GroupKey Key = KeyedFrames.Key(1);

    private static byte[] Seal(FrameSuite suite)
    {
        var ring = new BusKeyRing(Key, [], suite == FrameSuite.Aes256Gcm, Id);
        var buffer = ArrayPool<byte>.Shared.Rent(SecureFrame.MaxHeaderLength + Contract.Length);
        var length = SecureFrame.WriteHeader(buffer, FrameKind.Publication, suite, Key.Id, Id, 300);
        var headerLength = length;
        Contract.CopyTo(buffer, length);
        length += Contract.Length;
        buffer = ring.Seal(buffer, ref length, headerLength, FrameKind.Publication, 300);
        var frame = buffer[..length];
        ArrayPool<byte>.Shared.Return(buffer);
        return frame;
    }

    private static byte[] Derive(string info, ReadOnlySpan<byte> suffix) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Key.Secret.ToArray(), 32, [], [.. Encoding.ASCII.GetBytes(info), .. suffix]);

    [Fact]
    public void HMAC_frame_is_the_documented_bytes_with_the_documented_tag()
    {
        var frame = Seal(FrameSuite.HmacSha256);

        byte[] expected = [0x99, 0xa4, 0x54, 0x44, 0x47, 0x50, 0x02, 0x00, 0x01, 0x01, 0xc4, 0x08, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xcd, 0x01, 0x2c, .. Contract];
        Assert.Equal(expected, frame[..30]);
        Assert.Equal([0xc4, 0x20], frame[30..32]);
        var tag = HMACSHA256.HashData(Derive("TypedDgram pub/sub v2 HMAC-SHA256", []), frame[..30]);
        Assert.Equal(tag, frame[32..]);
    }

    [Fact]
    public void AES_GCM_frame_decrypts_with_the_documented_key_nonce_and_associated_data()
    {
        var frame = Seal(FrameSuite.Aes256Gcm);

        Assert.Equal([0x02, 0x00, 0x02, 0x01], frame[6..10]);
        var bodyStart = 23;
        Assert.Equal([0xc5, 0x00, (byte)Contract.Length], frame[bodyStart..(bodyStart + 3)]);
        var ciphertext = frame[(bodyStart + 3)..(bodyStart + 3 + Contract.Length)];
        Assert.Equal([0xc4, 0x10], frame[^18..^16]);

        var nonce = new byte[12];
        BinaryPrimitives.WriteUInt64BigEndian(nonce.AsSpan(4), 300);
        var idBytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(idBytes, Id);
        using var aes = new AesGcm(Derive("TypedDgram pub/sub v2 AES-256-GCM", idBytes), 16);
        var plaintext = new byte[Contract.Length];
        aes.Decrypt(nonce, ciphertext, frame[^16..], plaintext, frame[..(bodyStart + 3)]);
        Assert.Equal(Contract, plaintext);
    }

    [Fact]
    public void Every_frame_a_bus_reads_back_opens_to_its_header_and_contract()
    {
        foreach (var suite in new[] { FrameSuite.HmacSha256, FrameSuite.Aes256Gcm })
        {
            var ring = new BusKeyRing(Key, [], confidential: false, publisherId: 1);

            Assert.Equal(FrameVerdict.Opened, ring.Open(Seal(suite), out var frame, out _));
            Assert.Equal((FrameKind.Publication, Id, 300UL), (frame.Kind, frame.PublisherId, frame.Sequence));
            Assert.Equal(Contract, frame.Body.ToArray());
        }
    }

    [Fact]
    public void Verified_frame_of_a_kind_unknown_here_opens_with_its_kind_for_the_bus_to_ignore()
    {
        var ring = new BusKeyRing(Key, [], confidential: false, Id);
        var buffer = ArrayPool<byte>.Shared.Rent(SecureFrame.MaxHeaderLength + Contract.Length);
        var length = SecureFrame.WriteHeader(buffer, (FrameKind)99, FrameSuite.HmacSha256, Key.Id, Id, 0);
        var headerLength = length;
        Contract.CopyTo(buffer, length);
        length += Contract.Length;
        buffer = ring.Seal(buffer, ref length, headerLength, (FrameKind)99, 0);

        Assert.Equal(FrameVerdict.Opened, ring.Open(buffer.AsSpan(0, length), out var frame, out _));
        Assert.Equal((FrameKind)99, frame.Kind);
        Assert.Equal(Contract, frame.Body.ToArray());
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
