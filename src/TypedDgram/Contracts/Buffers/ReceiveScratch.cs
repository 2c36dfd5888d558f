using System.Numerics;

namespace TypedDgram.Contracts;

/// <summary>
/// A per-thread copy of the datagram being decoded. MessagePackReader reads memory, not a span, and the receive hook
/// lends a span valid only during the call; decoding finishes (every string and array copied out) before the hook
/// returns, so one growing buffer per thread serves every socket and allocates only while it grows.
/// </summary>
internal static class ReceiveScratch
{
    [ThreadStatic]
    private static byte[]? t_buffer;

    public static ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> datagram)
    {
        var buffer = t_buffer;
        if (buffer is null || buffer.Length < datagram.Length)
        {
            buffer = t_buffer = new byte[Math.Max(2048, (int)BitOperations.RoundUpToPowerOf2((uint)datagram.Length))];
        }

        datagram.CopyTo(buffer);
        return buffer.AsMemory(0, datagram.Length);
    }
}
