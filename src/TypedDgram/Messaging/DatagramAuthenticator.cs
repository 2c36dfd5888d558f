using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>
/// A socket's authentication for <c>[Datagram(Authenticated = true)]</c> contracts: its key, and its identity as a
/// sender. It writes and checks the trailer of an authenticated datagram (docs/wire-format.md, "Authenticated
/// contracts"): after the envelope, the sender id (8 bytes), the sequence number (8 bytes, big-endian) and
/// HMAC-SHA256 under the key of everything before the tag (32 bytes). Set on a socket with
/// <see cref="DgramSocketMessaging.UseAuthenticationKey"/>; it lives in the socket's <see cref="MessagingState"/>.
/// </summary>
internal sealed class DatagramAuthenticator
{
    public const int TagSize = 32;
    public const int TrailerSize = 8 + 8 + TagSize;

    // HMAC-SHA256 keys shorter than this are guessable; RFC 2104 asks for at least the hash's output length, 16 is the floor.
    public const int MinKeyLength = 16;

    private readonly byte[] _key;

    // Sequence numbers start at the clock's ticks so that a restarted sender (a new id, but receivers may still hold
    // windows) never goes back below what it sent before.
    private long _sequence = DateTime.UtcNow.Ticks;

    /// <summary>An authenticator with a copy of <paramref name="key"/>; throws <see cref="ArgumentException"/> when it is shorter than 16 bytes.</summary>
    public DatagramAuthenticator(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinKeyLength)
        {
            throw new ArgumentException("The authentication key must be at least 16 bytes.", nameof(key));
        }
        _key = key.ToArray();
    }

    /// <summary>Every (sender, sequence) any receiver on the socket has accepted: where a new receiver's windows start (<see cref="ReplayWindows.ForNewReceiver"/>).</summary>
    public ReplayWindows Accepted { get; } = new();

    /// <summary>This sender's random id, written in every trailer it appends.</summary>
    public ulong SenderId { get; } = BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8));

    /// <summary>The authenticator set on <paramref name="transport"/>, or null when it has no key.</summary>
    public static DatagramAuthenticator? Of(IDatagramTransport transport) => MessagingState.Find(transport)?.Authenticator;

    /// <summary>
    /// Appends the trailer under <paramref name="transport"/>'s key to the pooled <paramref name="buffer"/> holding
    /// <paramref name="length"/> bytes; may return a larger buffer. Without a key, returns the buffer to the pool and throws.
    /// </summary>
    public static byte[] Append(IDatagramTransport transport, byte[] buffer, ref int length)
    {
        if (Of(transport) is not { } authenticator)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new InvalidOperationException("An [Datagram(Authenticated = true)] contract is sent only by a socket given a key with UseAuthenticationKey.");
        }

        return authenticator.Append(buffer, ref length);
    }

    /// <summary>
    /// Checks the trailer of a received datagram under <paramref name="transport"/>'s key: <see cref="Verdict.Authenticated"/>
    /// and <see cref="Verdict.Replayed"/> (a valid tag already seen by this receiver) strip it from <paramref name="datagram"/>,
    /// so that a replay's type id can be read for counting; <see cref="Verdict.None"/> (no key, too short, or a wrong tag)
    /// leaves the datagram as it came.
    /// </summary>
    public static Verdict Verify(IDatagramTransport transport, ReplayWindows windows, ref ReadOnlyMemory<byte> datagram) =>
        Of(transport) is { } authenticator ? authenticator.Verify(windows, ref datagram) : Verdict.None;

    private byte[] Append(byte[] buffer, ref int length)
    {
        if (buffer.Length < length + TrailerSize)
        {
            var larger = ArrayPool<byte>.Shared.Rent(length + TrailerSize);
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        var datagram = buffer.AsSpan(0, length + TrailerSize);
        BinaryPrimitives.WriteUInt64BigEndian(datagram[length..], SenderId);
        BinaryPrimitives.WriteUInt64BigEndian(datagram[(length + 8)..], (ulong)Interlocked.Increment(ref _sequence));
        HMACSHA256.HashData(_key, datagram[..^TagSize], datagram[^TagSize..]);
        length += TrailerSize;
        return buffer;
    }

    private Verdict Verify(ReplayWindows windows, ref ReadOnlyMemory<byte> datagram)
    {
        if (datagram.Length <= TrailerSize)
        {
            return Verdict.None;
        }

        var bytes = datagram.Span;
        Span<byte> tag = stackalloc byte[TagSize];
        HMACSHA256.HashData(_key, bytes[..^TagSize], tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, bytes[^TagSize..]))
        {
            return Verdict.None;
        }

        var trailer = bytes[^TrailerSize..];
        var sender = BinaryPrimitives.ReadUInt64BigEndian(trailer);
        var sequence = BinaryPrimitives.ReadUInt64BigEndian(trailer[8..]);
        var fresh = windows.TryAccept(sender, sequence);
        if (fresh)
        {
            // The socket's record; each receiver present now still accepts the datagram once, from its own windows.
            Accepted.TryAccept(sender, sequence);
        }

        datagram = datagram[..^TrailerSize];
        return fresh ? Verdict.Authenticated : Verdict.Replayed;
    }

    /// <summary>The outcome of checking a datagram's trailer.</summary>
    public enum Verdict
    {
        None,
        Authenticated,
        Replayed,
    }
}
