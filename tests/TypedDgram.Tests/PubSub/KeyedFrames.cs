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

    /// <summary>A fixed 32-byte secret, so that failures reproduce.</summary>
    public static GroupKey Key(int id, byte fill = 0x42) => new(id, Enumerable.Repeat(fill, 32).Select((b, i) => (byte)(b + i)).ToArray());
}
