using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>
/// The trailer of an authenticated datagram (docs/wire-format.md, "Authenticated contracts"): after the envelope,
/// the sender id (8 bytes), the sequence number (8 bytes, big-endian) and HMAC-SHA256 under the socket's key of
/// everything before the tag (32 bytes).
/// </summary>
internal static class DatagramAuthentication
{
    public const int TagSize = 32;
    public const int TrailerSize = 8 + 8 + TagSize;

    private static readonly ConditionalWeakTable<DgramSocket, SenderState> Senders = [];

    /// <summary>Appends the trailer to the pooled <paramref name="buffer"/> holding <paramref name="length"/> bytes; may return a larger buffer.</summary>
    public static byte[] Append(DgramSocket socket, byte[] buffer, ref int length)
    {
        var key = socket.AuthenticationKey;
        if (key.IsEmpty)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new InvalidOperationException("An [Datagram(Authenticated = true)] contract is sent only by a socket created with SocketOptions.AuthenticationKey.");
        }

        if (buffer.Length < length + TrailerSize)
        {
            var larger = ArrayPool<byte>.Shared.Rent(length + TrailerSize);
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        var sender = Senders.GetValue(socket, static _ => new SenderState());
        var datagram = buffer.AsSpan(0, length + TrailerSize);
        BinaryPrimitives.WriteUInt64BigEndian(datagram[length..], sender.Id);
        BinaryPrimitives.WriteUInt64BigEndian(datagram[(length + 8)..], sender.NextSequence());
        HMACSHA256.HashData(key.Span, datagram[..^TagSize], datagram[^TagSize..]);
        length += TrailerSize;
        return buffer;
    }

    /// <summary>
    /// Checks the trailer of a received datagram: <see cref="Verdict.Authenticated"/> and <see cref="Verdict.Replayed"/>
    /// (a valid tag already seen by this receiver) strip it from <paramref name="datagram"/>, so that a replay's type id
    /// can be read for counting; <see cref="Verdict.None"/> (no key, too short, or a wrong tag) leaves the datagram as it came.
    /// </summary>
    public static Verdict Verify(DgramSocket socket, ReplayWindows windows, ref ReadOnlyMemory<byte> datagram)
    {
        var key = socket.AuthenticationKey;
        if (key.IsEmpty || datagram.Length <= TrailerSize)
        {
            return Verdict.None;
        }

        var bytes = datagram.Span;
        Span<byte> tag = stackalloc byte[TagSize];
        HMACSHA256.HashData(key.Span, bytes[..^TagSize], tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, bytes[^TagSize..]))
        {
            return Verdict.None;
        }

        var trailer = bytes[^TrailerSize..];
        var fresh = windows.TryAccept(BinaryPrimitives.ReadUInt64BigEndian(trailer), BinaryPrimitives.ReadUInt64BigEndian(trailer[8..]));
        datagram = datagram[..^TrailerSize];
        return fresh ? Verdict.Authenticated : Verdict.Replayed;
    }

    /// <summary>The outcome of <see cref="Verify"/>.</summary>
    public enum Verdict
    {
        None,
        Authenticated,
        Replayed,
    }

    // A random id per sending socket, and sequence numbers that start at the clock's ticks so that a restarted sender
    // (a new id, but receivers may still hold windows) never goes back below what it sent before.
    private sealed class SenderState
    {
        private long _sequence = DateTime.UtcNow.Ticks;

        public ulong Id { get; } = BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8));

        public ulong NextSequence() => (ulong)Interlocked.Increment(ref _sequence);
    }
}
