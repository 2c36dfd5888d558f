using System.Buffers.Binary;
using MessagePack;

namespace TypedDgram.Contracts;

// Booleans, integers, floating point and char. Any MessagePack integer format is accepted when its value fits the member.
public partial struct DatagramReadContext
{
    /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
    internal bool TryReadBoolean(ref MessagePackReader reader, out bool value)
    {
        value = false;
        if (!TryPeekCode(ref reader, out var code))
        {
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        if (code is not (MessagePackCode.True or MessagePackCode.False))
        {
            return Fail(ref reader, UnexpectedTypeFor(code));
        }

        Consume(ref reader, 1, Step.Value);
        value = code == MessagePackCode.True;
        return true;
    }

    /// <summary>Reads an integer that fits <see cref="byte"/>.</summary>
    internal bool TryReadByte(ref MessagePackReader reader, out byte value)
    {
        var ok = TryReadUnsigned(ref reader, byte.MaxValue, out var read);
        value = (byte)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="sbyte"/>.</summary>
    internal bool TryReadSByte(ref MessagePackReader reader, out sbyte value)
    {
        var ok = TryReadSigned(ref reader, sbyte.MinValue, sbyte.MaxValue, out var read);
        value = (sbyte)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="short"/>.</summary>
    internal bool TryReadInt16(ref MessagePackReader reader, out short value)
    {
        var ok = TryReadSigned(ref reader, short.MinValue, short.MaxValue, out var read);
        value = (short)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="ushort"/>.</summary>
    internal bool TryReadUInt16(ref MessagePackReader reader, out ushort value)
    {
        var ok = TryReadUnsigned(ref reader, ushort.MaxValue, out var read);
        value = (ushort)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="int"/>.</summary>
    internal bool TryReadInt32(ref MessagePackReader reader, out int value)
    {
        var ok = TryReadSigned(ref reader, int.MinValue, int.MaxValue, out var read);
        value = (int)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="uint"/>.</summary>
    internal bool TryReadUInt32(ref MessagePackReader reader, out uint value)
    {
        var ok = TryReadUnsigned(ref reader, uint.MaxValue, out var read);
        value = (uint)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="long"/>.</summary>
    internal bool TryReadInt64(ref MessagePackReader reader, out long value)
    {
        var ok = TryReadSigned(ref reader, long.MinValue, long.MaxValue, out var read);
        value = (long)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="ulong"/>.</summary>
    internal bool TryReadUInt64(ref MessagePackReader reader, out ulong value)
    {
        var ok = TryReadUnsigned(ref reader, ulong.MaxValue, out var read);
        value = (ulong)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="nint"/> on this platform.</summary>
    internal bool TryReadIntPtr(ref MessagePackReader reader, out nint value)
    {
        var ok = TryReadSigned(ref reader, nint.MinValue, nint.MaxValue, out var read);
        value = (nint)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="nuint"/> on this platform.</summary>
    internal bool TryReadUIntPtr(ref MessagePackReader reader, out nuint value)
    {
        var ok = TryReadUnsigned(ref reader, nuint.MaxValue, out var read);
        value = (nuint)read;
        return ok;
    }

    /// <summary>Reads a <see cref="char"/>: an integer from 0 to 65535 (one UTF-16 code unit).</summary>
    internal bool TryReadChar(ref MessagePackReader reader, out char value)
    {
        var ok = TryReadUnsigned(ref reader, char.MaxValue, out var read);
        value = (char)read;
        return ok;
    }

    /// <summary>Reads a <see cref="float"/>: a float 32, or a float 64 or integer rounded to the nearest float.</summary>
    internal bool TryReadSingle(ref MessagePackReader reader, out float value)
    {
        var ok = TryReadFloatingPoint(ref reader, out var read);
        value = (float)read;
        return ok;
    }

    /// <summary>Reads a <see cref="double"/>: a float 64, a float 32, or an integer rounded to the nearest double.</summary>
    internal bool TryReadDouble(ref MessagePackReader reader, out double value) => TryReadFloatingPoint(ref reader, out value);

    /// <summary>Reads an integer of any MessagePack format and checks that it lies in <paramref name="min"/>..<paramref name="max"/>.</summary>
    private bool TryReadSigned(ref MessagePackReader reader, long min, long max, out long value)
    {
        if (!TryPeekInteger(ref reader, out value, out var aboveLong, out var size))
        {
            return false;
        }

        if (aboveLong || value < min || value > max)
        {
            value = 0;
            return Fail(ref reader, MalformedDatagramReason.OutOfRange);
        }

        Consume(ref reader, size, Step.Value);
        return true;
    }

    /// <summary>Reads an integer of any MessagePack format and checks that it lies in 0..<paramref name="max"/>.</summary>
    private bool TryReadUnsigned(ref MessagePackReader reader, ulong max, out ulong value)
    {
        if (!TryPeekInteger(ref reader, out var bits, out var aboveLong, out var size))
        {
            value = 0;
            return false;
        }

        value = (ulong)bits;
        if ((!aboveLong && bits < 0) || value > max)
        {
            value = 0;
            return Fail(ref reader, MalformedDatagramReason.OutOfRange);
        }

        Consume(ref reader, size, Step.Value);
        return true;
    }

    // Decodes the integer at the reader without consuming it: its value, or for a uint 64 above long.MaxValue its bits
    // with aboveLong set; size is how many bytes it takes.
    private bool TryPeekInteger(ref MessagePackReader reader, out long value, out bool aboveLong, out int size)
    {
        var header = Peek(ref reader);
        if (header.IsEmpty)
        {
            (value, aboveLong, size) = (0, false, 0);
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        size = DecodeInteger(header, out value);
        aboveLong = size == 9 && header[0] == MessagePackCode.UInt64 && value < 0;
        if (size > 0)
        {
            return true;
        }

        var reason = size < 0 ? MalformedDatagramReason.Truncated : UnexpectedTypeFor(header[0]);
        (value, size) = (0, 0);
        return Fail(ref reader, reason);
    }

    // One switch over the code: the integer's size and value (a uint 64's bits); 0 for a code that is no integer, -1
    // when the bytes end inside it.
    private static int DecodeInteger(ReadOnlySpan<byte> header, out long value)
    {
        byte code = header[0];
        if (code <= MessagePackCode.MaxFixInt || code >= MessagePackCode.MinNegativeFixInt)
        {
            value = code >= MessagePackCode.MinNegativeFixInt ? (sbyte)code : code;
            return 1;
        }

        value = 0;
        int size;
        switch (code)
        {
            case MessagePackCode.UInt8:
            case MessagePackCode.Int8:
                size = 2;
                break;
            case MessagePackCode.UInt16:
            case MessagePackCode.Int16:
                size = 3;
                break;
            case MessagePackCode.UInt32:
            case MessagePackCode.Int32:
                size = 5;
                break;
            case MessagePackCode.UInt64:
            case MessagePackCode.Int64:
                size = 9;
                break;
            default:
                return 0;
        }

        if (header.Length < size)
        {
            return -1;
        }

        var payload = header.Slice(1, size - 1);
        value = code switch
        {
            MessagePackCode.UInt8 => payload[0],
            MessagePackCode.Int8 => (sbyte)payload[0],
            MessagePackCode.UInt16 => BinaryPrimitives.ReadUInt16BigEndian(payload),
            MessagePackCode.Int16 => BinaryPrimitives.ReadInt16BigEndian(payload),
            MessagePackCode.UInt32 => BinaryPrimitives.ReadUInt32BigEndian(payload),
            MessagePackCode.Int32 => BinaryPrimitives.ReadInt32BigEndian(payload),
            _ => BinaryPrimitives.ReadInt64BigEndian(payload),
        };
        return size;
    }

    private bool TryReadFloatingPoint(ref MessagePackReader reader, out double value)
    {
        value = 0;
        var header = Peek(ref reader);
        if (header.IsEmpty)
        {
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        var code = header[0];
        if (code is MessagePackCode.Float32 or MessagePackCode.Float64)
        {
            var size = code == MessagePackCode.Float32 ? 5 : 9;
            if (header.Length < size)
            {
                return Fail(ref reader, MalformedDatagramReason.Truncated);
            }

            value = code == MessagePackCode.Float32
                ? BinaryPrimitives.ReadSingleBigEndian(header[1..])
                : BinaryPrimitives.ReadDoubleBigEndian(header[1..]);
            Consume(ref reader, size, Step.Value);
            return true;
        }

        if (!TryPeekInteger(ref reader, out var integer, out var aboveLong, out var integerSize))
        {
            return false;
        }

        value = aboveLong ? (ulong)integer : integer;
        Consume(ref reader, integerSize, Step.Value);
        return true;
    }
}
