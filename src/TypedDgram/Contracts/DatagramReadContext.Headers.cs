using System.Buffers;
using System.Buffers.Binary;
using MessagePack;

namespace TypedDgram.Contracts;

// MessagePack headers, decoded from peeked bytes so that nothing is consumed until a value is known to be whole.
public partial struct DatagramReadContext
{
    // The longest header looked at before consuming: the 15 bytes of a 96-bit timestamp, rounded up.
    private const int MaxHeaderSize = 16;

    private static long Remaining(ref MessagePackReader reader) => reader.Sequence.Length - reader.Consumed;

    // Copies up to header.Length bytes from the reader's position (a split sequence reads the same) and returns how many.
    private static int Peek(ref MessagePackReader reader, scoped Span<byte> header)
    {
        var rest = reader.Sequence.Slice(reader.Position);
        var length = (int)Math.Min(header.Length, rest.Length);
        rest.Slice(0, length).CopyTo(header);
        return length;
    }

    private static bool IsArrayCode(byte code)
        => code is (>= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray) or MessagePackCode.Array16 or MessagePackCode.Array32;

    private static bool IsMapCode(byte code)
        => code is (>= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap) or MessagePackCode.Map16 or MessagePackCode.Map32;

    private static bool IsStringCode(byte code)
        => code is (>= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr) or MessagePackCode.Str8 or MessagePackCode.Str16 or MessagePackCode.Str32;

    private static bool IsBinaryCode(byte code)
        => code is MessagePackCode.Bin8 or MessagePackCode.Bin16 or MessagePackCode.Bin32;

    private static MalformedDatagramReason UnexpectedTypeFor(byte code) => code switch
    {
        MessagePackCode.Nil => MalformedDatagramReason.UnexpectedNil,
        MessagePackCode.NeverUsed => MalformedDatagramReason.InvalidCode,
        _ => MalformedDatagramReason.UnexpectedType,
    };

    // The header size and the length it announces (elements, entries or bytes) of a str, bin, array or map.
    // False when the header itself is cut off.
    private static bool TryReadLengthHeader(ReadOnlySpan<byte> header, out int headerSize, out ulong length)
    {
        var code = header[0];
        (headerSize, length) = code switch
        {
            >= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap => (1, (ulong)(code & 0x0F)),
            >= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray => (1, (ulong)(code & 0x0F)),
            >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr => (1, (ulong)(code & 0x1F)),
            MessagePackCode.Str8 or MessagePackCode.Bin8 => (2, 0UL),
            MessagePackCode.Str16 or MessagePackCode.Bin16 or MessagePackCode.Array16 or MessagePackCode.Map16 => (3, 0UL),
            _ => (5, 0UL),
        };
        if (header.Length < headerSize)
        {
            return false;
        }

        length = headerSize switch
        {
            2 => header[1],
            3 => BinaryPrimitives.ReadUInt16BigEndian(header[1..]),
            5 => BinaryPrimitives.ReadUInt32BigEndian(header[1..]),
            _ => length,
        };
        return true;
    }

    // The total size of a value that is not an array or map. False with size 0 for a code no writer produces,
    // false with size -1 when the header is cut off.
    private static bool TryMeasureScalar(ReadOnlySpan<byte> header, out long size)
    {
        var code = header[0];
        size = code switch
        {
            <= MessagePackCode.MaxFixInt or >= MessagePackCode.MinNegativeFixInt => 1,
            MessagePackCode.Nil or MessagePackCode.False or MessagePackCode.True => 1,
            MessagePackCode.UInt8 or MessagePackCode.Int8 => 2,
            MessagePackCode.UInt16 or MessagePackCode.Int16 => 3,
            MessagePackCode.UInt32 or MessagePackCode.Int32 or MessagePackCode.Float32 => 5,
            MessagePackCode.UInt64 or MessagePackCode.Int64 or MessagePackCode.Float64 => 9,
            MessagePackCode.FixExt1 => 3,
            MessagePackCode.FixExt2 => 4,
            MessagePackCode.FixExt4 => 6,
            MessagePackCode.FixExt8 => 10,
            MessagePackCode.FixExt16 => 18,
            _ => 0,
        };
        if (size != 0)
        {
            return true;
        }

        if (IsStringCode(code) || IsBinaryCode(code))
        {
            if (!TryReadLengthHeader(header, out var headerSize, out var length))
            {
                size = -1;
                return false;
            }

            size = headerSize + (long)length;
            return true;
        }

        if (code is MessagePackCode.Ext8 or MessagePackCode.Ext16 or MessagePackCode.Ext32)
        {
            // Length, then a one-byte extension type, then the payload.
            var lengthSize = code == MessagePackCode.Ext8 ? 1 : code == MessagePackCode.Ext16 ? 2 : 4;
            if (header.Length < 2 + lengthSize)
            {
                size = -1;
                return false;
            }

            long length = lengthSize switch
            {
                1 => header[1],
                2 => BinaryPrimitives.ReadUInt16BigEndian(header[1..]),
                _ => BinaryPrimitives.ReadUInt32BigEndian(header[1..]),
            };
            size = 2 + lengthSize + length;
            return true;
        }

        return false;
    }
}
