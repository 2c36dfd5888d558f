using System.Buffers.Binary;
using MessagePack;

namespace TypedDgram.Contracts;

/// <summary>Whether a correlated datagram asks (a request) or answers (a response).</summary>
internal enum CorrelationKind
{
    Request,
    Response,
}

/// <summary>The correlation element of a request or a response: its kind and the requester's 64-bit id.</summary>
internal readonly record struct Correlation(CorrelationKind Kind, ulong Id);

/// <summary>
/// The correlation element of requests and responses (docs/wire-format.md, section 8): one more element at the end of
/// the envelope, a MessagePack fixext 8 of type <see cref="RequestExtension"/> or <see cref="ResponseExtension"/> whose
/// 8 bytes are the correlation id, big-endian. A reader that does not know requests skips it as a trailing element it
/// does not know (section 4), so it still reads the contract.
/// </summary>
internal static class DatagramCorrelation
{
    /// <summary>The extension type of a request's correlation element ('q').</summary>
    public const sbyte RequestExtension = 0x71;

    /// <summary>The extension type of a response's correlation element ('r').</summary>
    public const sbyte ResponseExtension = 0x72;

    /// <summary>The element's size: <c>D7</c>, the type, 8 bytes of id.</summary>
    public const int Size = 10;

    private const byte FixExt8 = 0xD7;

    /// <summary>Writes the correlation element (the envelope's header must count it).</summary>
    public static void Write(ref MessagePackWriter writer, Correlation correlation)
    {
        writer.WriteExtensionFormatHeader(new ExtensionHeader(correlation.Kind == CorrelationKind.Request ? RequestExtension : ResponseExtension, 8));
        BinaryPrimitives.WriteUInt64BigEndian(writer.GetSpan(8), correlation.Id);
        writer.Advance(8);
    }

    /// <summary>
    /// Whether the datagram's last bytes could be a correlation element of <paramref name="kind"/> (or of either kind
    /// when null): the cheap test every receiver makes before <see cref="TryStrip"/> reads the envelope to be sure.
    /// </summary>
    public static bool MayEndWithCorrelation(ReadOnlySpan<byte> datagram, CorrelationKind? kind = null)
    {
        if (datagram.Length < 2 + Size || datagram[^Size] != FixExt8)
        {
            return false;
        }

        var type = (sbyte)datagram[^(Size - 1)];
        return kind switch
        {
            CorrelationKind.Request => type == RequestExtension,
            CorrelationKind.Response => type == ResponseExtension,
            _ => type is RequestExtension or ResponseExtension,
        };
    }

    /// <summary>
    /// When <paramref name="datagram"/> is an envelope whose last element is a correlation element, returns it and
    /// replaces <paramref name="datagram"/> with a copy of the plain contract datagram (the element removed and the
    /// array header counting one element less), which every reader then reads as before. Reads the envelope under
    /// <paramref name="limits"/> to be sure the element is the last of the array, not bytes inside a member; false
    /// (and nothing changed) otherwise, a malformed datagram included: the contract's reader reports that.
    /// </summary>
    public static bool TryStrip(ref ReadOnlyMemory<byte> datagram, DatagramReaderLimits limits, out Correlation correlation)
    {
        correlation = default;
        if (!MayEndWithCorrelation(datagram.Span))
        {
            return false;
        }

        var reader = new MessagePackReader(datagram);
        var context = new DatagramReadContext(limits, datagram);
        if (!DatagramEnvelope.TryReadHeader(ref reader, ref context, out _, out var memberCount)
            || memberCount < 1
            || !context.TrySkip(ref reader, memberCount - 1)
            || context.UnreadLength(ref reader) != Size)
        {
            return false;
        }

        var span = datagram.Span;
        var copy = span[..^Size].ToArray();
        if (!TryDecrementArrayHeader(copy))
        {
            return false;
        }

        correlation = new Correlation(
            (sbyte)span[^(Size - 1)] == RequestExtension ? CorrelationKind.Request : CorrelationKind.Response,
            BinaryPrimitives.ReadUInt64BigEndian(span[^8..]));
        datagram = copy;
        return true;
    }

    // The header keeps its encoding (array 16 counting 15 is still a valid array 16), so no byte moves.
    private static bool TryDecrementArrayHeader(Span<byte> datagram)
    {
        switch (datagram[0])
        {
            case > MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray:
                datagram[0]--;
                return true;
            case MessagePackCode.Array16:
                BinaryPrimitives.WriteUInt16BigEndian(datagram[1..], (ushort)(BinaryPrimitives.ReadUInt16BigEndian(datagram[1..]) - 1));
                return true;
            case MessagePackCode.Array32:
                BinaryPrimitives.WriteUInt32BigEndian(datagram[1..], BinaryPrimitives.ReadUInt32BigEndian(datagram[1..]) - 1);
                return true;
            default:
                return false;
        }
    }
}
