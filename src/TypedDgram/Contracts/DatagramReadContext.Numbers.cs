using System.Buffers.Binary;
using MessagePack;

namespace TypedDgram.Contracts;

// Booleans, integers, floating point and char. Any MessagePack integer format is accepted when its value fits the member.
public partial struct DatagramReadContext
{
    /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
    public bool TryReadBoolean(ref MessagePackReader reader, out bool value)
    {
        value = false;
        if (reader.End)
        {
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        var code = reader.NextCode;
        if (code is not (MessagePackCode.True or MessagePackCode.False))
        {
            return Fail(ref reader, UnexpectedTypeFor(code));
        }

        reader.ReadRaw(1);
        value = code == MessagePackCode.True;
        return true;
    }

    /// <summary>Reads an integer that fits <see cref="byte"/>.</summary>
    public bool TryReadByte(ref MessagePackReader reader, out byte value)
    {
        var ok = TryReadInteger(ref reader, byte.MinValue, byte.MaxValue, out var read);
        value = (byte)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="sbyte"/>.</summary>
    public bool TryReadSByte(ref MessagePackReader reader, out sbyte value)
    {
        var ok = TryReadInteger(ref reader, sbyte.MinValue, sbyte.MaxValue, out var read);
        value = (sbyte)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="short"/>.</summary>
    public bool TryReadInt16(ref MessagePackReader reader, out short value)
    {
        var ok = TryReadInteger(ref reader, short.MinValue, short.MaxValue, out var read);
        value = (short)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="ushort"/>.</summary>
    public bool TryReadUInt16(ref MessagePackReader reader, out ushort value)
    {
        var ok = TryReadInteger(ref reader, ushort.MinValue, ushort.MaxValue, out var read);
        value = (ushort)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="int"/>.</summary>
    public bool TryReadInt32(ref MessagePackReader reader, out int value)
    {
        var ok = TryReadInteger(ref reader, int.MinValue, int.MaxValue, out var read);
        value = (int)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="uint"/>.</summary>
    public bool TryReadUInt32(ref MessagePackReader reader, out uint value)
    {
        var ok = TryReadInteger(ref reader, uint.MinValue, uint.MaxValue, out var read);
        value = (uint)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="long"/>.</summary>
    public bool TryReadInt64(ref MessagePackReader reader, out long value)
    {
        var ok = TryReadInteger(ref reader, long.MinValue, long.MaxValue, out var read);
        value = (long)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="ulong"/>.</summary>
    public bool TryReadUInt64(ref MessagePackReader reader, out ulong value)
    {
        var ok = TryReadInteger(ref reader, ulong.MinValue, ulong.MaxValue, out var read);
        value = (ulong)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="nint"/> on this platform.</summary>
    public bool TryReadIntPtr(ref MessagePackReader reader, out nint value)
    {
        var ok = TryReadInteger(ref reader, nint.MinValue, nint.MaxValue, out var read);
        value = (nint)read;
        return ok;
    }

    /// <summary>Reads an integer that fits <see cref="nuint"/> on this platform.</summary>
    public bool TryReadUIntPtr(ref MessagePackReader reader, out nuint value)
    {
        var ok = TryReadInteger(ref reader, nuint.MinValue, nuint.MaxValue, out var read);
        value = (nuint)read;
        return ok;
    }

    /// <summary>Reads a <see cref="char"/>: an integer from 0 to 65535 (one UTF-16 code unit).</summary>
    public bool TryReadChar(ref MessagePackReader reader, out char value)
    {
        var ok = TryReadInteger(ref reader, char.MinValue, char.MaxValue, out var read);
        value = (char)read;
        return ok;
    }

    /// <summary>Reads a <see cref="float"/>: a float 32, or a float 64 or integer rounded to the nearest float.</summary>
    public bool TryReadSingle(ref MessagePackReader reader, out float value)
    {
        var ok = TryReadFloatingPoint(ref reader, out var read);
        value = (float)read;
        return ok;
    }

    /// <summary>Reads a <see cref="double"/>: a float 64, a float 32, or an integer rounded to the nearest double.</summary>
    public bool TryReadDouble(ref MessagePackReader reader, out double value) => TryReadFloatingPoint(ref reader, out value);

    /// <summary>Reads an integer of any MessagePack format and checks that it lies in <paramref name="min"/>..<paramref name="max"/>.</summary>
    private bool TryReadInteger(ref MessagePackReader reader, Int128 min, Int128 max, out Int128 value)
    {
        if (!TryPeekInteger(ref reader, out value, out var size))
        {
            return false;
        }

        if (value < min || value > max)
        {
            value = 0;
            return Fail(ref reader, MalformedDatagramReason.OutOfRange);
        }

        reader.ReadRaw(size);
        return true;
    }

    private bool TryPeekInteger(ref MessagePackReader reader, out Int128 value, out int size)
    {
        value = 0;
        Span<byte> header = stackalloc byte[9];
        var peeked = Peek(ref reader, header);
        if (peeked == 0)
        {
            size = 0;
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        var code = header[0];
        size = code switch
        {
            <= MessagePackCode.MaxFixInt or >= MessagePackCode.MinNegativeFixInt => 1,
            MessagePackCode.UInt8 or MessagePackCode.Int8 => 2,
            MessagePackCode.UInt16 or MessagePackCode.Int16 => 3,
            MessagePackCode.UInt32 or MessagePackCode.Int32 => 5,
            MessagePackCode.UInt64 or MessagePackCode.Int64 => 9,
            _ => 0,
        };
        if (size == 0)
        {
            return Fail(ref reader, UnexpectedTypeFor(code));
        }

        if (peeked < size)
        {
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        var payload = header[1..size];
        value = code switch
        {
            <= MessagePackCode.MaxFixInt => code,
            >= MessagePackCode.MinNegativeFixInt => (sbyte)code,
            MessagePackCode.UInt8 => payload[0],
            MessagePackCode.UInt16 => BinaryPrimitives.ReadUInt16BigEndian(payload),
            MessagePackCode.UInt32 => BinaryPrimitives.ReadUInt32BigEndian(payload),
            MessagePackCode.UInt64 => BinaryPrimitives.ReadUInt64BigEndian(payload),
            MessagePackCode.Int8 => (sbyte)payload[0],
            MessagePackCode.Int16 => BinaryPrimitives.ReadInt16BigEndian(payload),
            MessagePackCode.Int32 => BinaryPrimitives.ReadInt32BigEndian(payload),
            _ => BinaryPrimitives.ReadInt64BigEndian(payload),
        };
        return true;
    }

    private bool TryReadFloatingPoint(ref MessagePackReader reader, out double value)
    {
        value = 0;
        Span<byte> header = stackalloc byte[9];
        var peeked = Peek(ref reader, header);
        if (peeked == 0)
        {
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        var code = header[0];
        if (code is MessagePackCode.Float32 or MessagePackCode.Float64)
        {
            var size = code == MessagePackCode.Float32 ? 5 : 9;
            if (peeked < size)
            {
                return Fail(ref reader, MalformedDatagramReason.Truncated);
            }

            value = code == MessagePackCode.Float32
                ? BinaryPrimitives.ReadSingleBigEndian(header[1..])
                : BinaryPrimitives.ReadDoubleBigEndian(header[1..]);
            reader.ReadRaw(size);
            return true;
        }

        if (!TryPeekInteger(ref reader, out var integer, out var integerSize))
        {
            return false;
        }

        value = (double)integer;
        reader.ReadRaw(integerSize);
        return true;
    }
}
