using System.Buffers;
using TypedDgram.Contracts;
using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub;

/// <summary>Authenticated publications built as a keyed bus builds them, for a publisher id and sequence the test chooses.</summary>
internal static class KeyedFrames
{
    /// <summary>The bytes of publication <paramref name="sequence"/> of <paramref name="publisherId"/> sealed under <paramref name="key"/>.</summary>
    public static byte[] Publication<T>(GroupKey key, ulong publisherId, ulong sequence, T message, bool confidential = false)
        where T : IDatagram<T>
    {
        var ring = new BusKeyRing(key, [], confidential, publisherId);
        var buffer = ring.SealPublication(message, publisherId, sequence, out var length, out _);
        var bytes = buffer.AsSpan(0, length).ToArray();
        ArrayPool<byte>.Shared.Return(buffer);
        return bytes;
    }

    /// <summary>A control frame of <paramref name="kind"/> numbered <paramref name="sequence"/> from <paramref name="publisherId"/>, with <paramref name="body"/>, sealed under <paramref name="key"/>.</summary>
    public static byte[] Frame(GroupKey key, ulong publisherId, FrameKind kind, ulong sequence, ReadOnlySpan<byte> body, bool confidential = false)
    {
        var ring = new BusKeyRing(key, [], confidential, publisherId);
        var buffer = ArrayPool<byte>.Shared.Rent(SecureFrame.MaxHeaderLength + body.Length + ring.TrailerLength);
        var headerLength = SecureFrame.WriteHeader(buffer, kind, ring.Suite, ring.KeyId, publisherId, sequence);
        body.CopyTo(buffer.AsSpan(headerLength));
        var length = headerLength + body.Length;
        buffer = ring.Seal(buffer, ref length, headerLength, kind, sequence);
        var bytes = buffer.AsSpan(0, length).ToArray();
        ArrayPool<byte>.Shared.Return(buffer);
        return bytes;
    }

    /// <summary>A fixed 32-byte secret, so that failures reproduce.</summary>
    public static GroupKey Key(int id, byte fill = 0x42) => new(id, Enumerable.Repeat(fill, 32).Select((b, i) => (byte)(b + i)).ToArray());
}
