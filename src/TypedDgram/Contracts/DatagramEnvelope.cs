using System.Buffers;
using MessagePack;

namespace TypedDgram.Contracts;

/// <summary>
/// The wire envelope: one datagram is one MessagePack array <c>[typeId, member0, member1, ...]</c> and nothing after it.
/// </summary>
public static class DatagramEnvelope
{
    /// <summary>Writes <paramref name="value"/> as a whole datagram.</summary>
    public static void Write<T>(ref MessagePackWriter writer, T value)
        where T : IDatagram<T>
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(1 + T.MemberCount);
        writer.Write(T.TypeId);
        T.WriteMembers(ref writer, value);
    }

    /// <summary>Writes <paramref name="value"/> as a request or a response: its envelope with the correlation element as one more, last element.</summary>
    internal static void Write<T>(ref MessagePackWriter writer, T value, Correlation correlation)
        where T : IDatagram<T>
    {
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteArrayHeader(2 + T.MemberCount);
        writer.Write(T.TypeId);
        T.WriteMembers(ref writer, value);
        DatagramCorrelation.Write(ref writer, correlation);
    }

    /// <summary>Writes <paramref name="value"/> as a whole datagram to <paramref name="output"/>.</summary>
    public static void Serialize<T>(IBufferWriter<byte> output, T value)
        where T : IDatagram<T>
    {
        var writer = new MessagePackWriter(output);
        Write(ref writer, value);
        writer.Flush();
    }

    /// <summary>Returns the bytes of <paramref name="value"/> as a whole datagram (allocates; the send path uses pooled buffers instead).</summary>
    public static byte[] Serialize<T>(T value)
        where T : IDatagram<T>
    {
        var output = new ArrayBufferWriter<byte>();
        Serialize(output, value);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads the envelope's array header and type id, leaving the reader at member 0.
    /// <paramref name="memberCount"/> is the number of elements after the type id.
    /// </summary>
    public static bool TryReadHeader(ref MessagePackReader reader, ref DatagramReadContext context, out uint typeId, out int memberCount)
    {
        if (context.TryReadCommonHeader(ref reader, out typeId, out memberCount))
        {
            return true;
        }

        typeId = 0;
        memberCount = 0;
        if (!context.TryPeekCode(ref reader, out var code))
        {
            return context.Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        if (context.DatagramLength(ref reader) > context.Limits.MaxDatagramSize)
        {
            return context.Fail(ref reader, MalformedDatagramReason.DatagramTooLarge);
        }

        if (!(code is (>= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray) or MessagePackCode.Array16 or MessagePackCode.Array32))
        {
            return context.Fail(ref reader, MalformedDatagramReason.NotAnEnvelope);
        }

        if (!context.TryBeginArray(ref reader, minElementSize: 1, out var count))
        {
            return false;
        }

        if (count == 0)
        {
            return context.Fail(ref reader, MalformedDatagramReason.NotAnEnvelope);
        }

        if (!context.TryReadUInt32(ref reader, out typeId))
        {
            return false;
        }

        if (typeId == 0)
        {
            return context.Fail(ref reader, MalformedDatagramReason.NotAnEnvelope);
        }

        memberCount = count - 1;
        return true;
    }

    /// <summary>
    /// Reads the members of a datagram of <typeparamref name="T"/> after <see cref="TryReadHeader"/>, then checks that
    /// nothing follows the envelope.
    /// </summary>
    public static bool TryReadBody<T>(ref MessagePackReader reader, int memberCount, ref DatagramReadContext context, out T value)
        where T : IDatagram<T>
    {
        value = default!;
        if (T.Authenticated && !context.Authenticated)
        {
            context.NoteFailedContract<T>();
            return context.Fail(ref reader, MalformedDatagramReason.Unauthenticated);
        }

        if (!T.TryReadMembers(ref reader, memberCount, ref context, out var read))
        {
            context.NoteFailedContract<T>();
            return false;
        }

        context.End();
        if (!context.TryFinish(ref reader))
        {
            context.NoteFailedContract<T>();
            return false;
        }

        value = read;
        return true;
    }

    /// <summary>Reads a whole datagram that must be a <typeparamref name="T"/>.</summary>
    public static bool TryRead<T>(ref MessagePackReader reader, ref DatagramReadContext context, out T value, out uint typeId)
        where T : IDatagram<T>
    {
        value = default!;
        if (!TryReadHeader(ref reader, ref context, out typeId, out var memberCount))
        {
            return false;
        }

        if (typeId != T.TypeId)
        {
            return context.Fail(ref reader, MalformedDatagramReason.WrongTypeId);
        }

        return TryReadBody(ref reader, memberCount, ref context, out value);
    }

    /// <summary>
    /// Reads <paramref name="datagram"/> as a <typeparamref name="T"/> under <paramref name="limits"/> (default:
    /// <see cref="DatagramReaderLimits.Default"/>). Throws <see cref="MalformedDatagramException"/> if it is not one.
    /// </summary>
    public static T Deserialize<T>(ReadOnlyMemory<byte> datagram, DatagramReaderLimits? limits = null)
        where T : IDatagram<T>
    {
        var reader = new MessagePackReader(datagram);
        var context = new DatagramReadContext(limits ?? DatagramReaderLimits.Default, datagram);
        if (!TryRead(ref reader, ref context, out T value, out var typeId))
        {
            throw context.ToException(typeId == 0 ? null : typeId, sender: null, typeof(T));
        }

        return value;
    }
}
