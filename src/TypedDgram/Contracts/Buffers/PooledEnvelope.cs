using MessagePack;

namespace TypedDgram.Contracts;

/// <summary>
/// A contract's envelope serialized into an array rented from the shared pool, for a send that hands the array over
/// (the transport returns it after the send). Callers check for a null message first. A failed serialization returns the array before the exception goes on.
/// </summary>
internal static class PooledEnvelope
{
    /// <summary>The envelope of <paramref name="message"/>; the caller owns the returned array, which holds <paramref name="length"/> bytes.</summary>
    public static byte[] Serialize<T>(T message, out int length)
        where T : IDatagram<T>
        => Serialize(message, default(NoPrefix), out length, out _);

    /// <summary>The envelope of <paramref name="message"/> as a request or a response, with <paramref name="correlation"/> as its last element.</summary>
    public static byte[] Serialize<T>(T message, Correlation correlation, out int length)
        where T : IDatagram<T>
    {
        var output = PooledBufferWriter.Start();
        try
        {
            var writer = new MessagePackWriter(output);
            DatagramEnvelope.Write(ref writer, message, correlation);
            writer.Flush();
        }
        catch
        {
            output.Abandon();
            throw;
        }

        return output.Detach(out length);
    }

    /// <summary>
    /// <paramref name="prefix"/>, then the envelope of <paramref name="message"/>; the caller owns the returned array,
    /// which holds <paramref name="length"/> bytes of which the first <paramref name="prefixLength"/> are the prefix.
    /// </summary>
    public static byte[] Serialize<T, TPrefix>(T message, TPrefix prefix, out int length, out int prefixLength)
        where T : IDatagram<T>
        where TPrefix : struct, IPooledPrefix
    {
        var output = PooledBufferWriter.Start();
        try
        {
            prefixLength = prefix.MaxLength == 0 ? 0 : prefix.Write(output.GetSpan(prefix.MaxLength));
            output.Advance(prefixLength);
            var writer = new MessagePackWriter(output);
            DatagramEnvelope.Write(ref writer, message);
            writer.Flush();
        }
        catch
        {
            output.Abandon();
            throw;
        }

        return output.Detach(out length);
    }

    private readonly struct NoPrefix : IPooledPrefix
    {
        public int MaxLength => 0;

        public int Write(Span<byte> destination) => 0;
    }
}
