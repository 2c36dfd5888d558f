using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Unicode;
using MessagePack;

namespace TypedDgram.Contracts;

// Strings (validated UTF-8), binaries, and the types written as text: decimal and Guid.
public partial struct DatagramReadContext
{
    // The longest text a decimal is written as ("-0.0000000000000000000000000001" is 31 bytes), with room for exponents.
    private const int MaxDecimalTextLength = 64;

    /// <summary>Reads a string: MessagePack str of valid UTF-8, at most <see cref="DatagramReaderLimits.MaxStringLength"/> bytes. Nil is rejected; read nullable strings with <see cref="TryReadNil"/> first.</summary>
    internal bool TryReadString(ref MessagePackReader reader, out string value)
    {
        value = string.Empty;
        var start = Position(ref reader);
        return TryReadPayload(ref reader, isString: true, Limits.MaxStringLength, out var payload, costPerByte: 2)
            && TryDecodeUtf8(ref reader, payload, start, out value);
    }

    /// <summary>Reads a MessagePack bin of at most <see cref="DatagramReaderLimits.MaxBinaryLength"/> bytes into a new array.</summary>
    internal bool TryReadBytes(ref MessagePackReader reader, out byte[] value)
    {
        value = [];
        if (!TryReadPayload(ref reader, isString: false, Limits.MaxBinaryLength, out var payload, costPerByte: 1))
        {
            return false;
        }

        value = payload.ToArray();
        return true;
    }

    /// <summary>Reads a MessagePack bin into memory the caller owns (a copy: the datagram's buffer is reused).</summary>
    internal bool TryReadMemory(ref MessagePackReader reader, out ReadOnlyMemory<byte> value)
    {
        var ok = TryReadBytes(ref reader, out var bytes);
        value = bytes;
        return ok;
    }

    /// <summary>Reads a <see cref="decimal"/>: a string in invariant form (<c>"-12.50"</c>, exponent allowed), or an integer.</summary>
    internal bool TryReadDecimal(ref MessagePackReader reader, out decimal value)
    {
        value = 0;
        if (TryPeekCode(ref reader, out var code) && !IsStringCode(code))
        {
            if (!TryPeekInteger(ref reader, out var integer, out var aboveLong, out var size))
            {
                return false;
            }

            value = aboveLong ? (ulong)integer : integer;
            Consume(ref reader, size, Step.Value);
            return true;
        }

        if (!TryReadShortText(ref reader, out var text, out var start))
        {
            return false;
        }

        if (!Utf8Parser.TryParse(text, out value, out var consumed) || consumed != text.Length)
        {
            value = 0;
            CatchUp(ref reader);
            return FailAt(start, MalformedDatagramReason.InvalidFormat);
        }

        return true;
    }

    /// <summary>Reads a <see cref="Guid"/>: a 36-character string <c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c> (either case).</summary>
    internal bool TryReadGuid(ref MessagePackReader reader, out Guid value)
    {
        value = Guid.Empty;
        if (!TryReadShortText(ref reader, out var text, out var start))
        {
            return false;
        }

        if (text.Length != 36 || !Utf8Parser.TryParse(text, out value, out var consumed, 'D') || consumed != text.Length)
        {
            value = Guid.Empty;
            CatchUp(ref reader);
            return FailAt(start, MalformedDatagramReason.InvalidFormat);
        }

        return true;
    }

    // A str or bin payload of at most maxLength bytes, consumed only when whole: in place when the datagram is one
    // contiguous buffer, else copied out (only a caller-built multi-segment reader gets there). A payload that will be
    // copied out (costPerByte > 0: 2 for a string's UTF-16, 1 for a binary) is charged to the allocation budget first.
    private bool TryReadPayload(ref MessagePackReader reader, bool isString, int maxLength, out ReadOnlySpan<byte> payload, int costPerByte = 0)
    {
        payload = default;
        var inPlace = TryPeekInPlace(ref reader, out var unread);
        var header = inPlace ? unread : Peek(ref reader);
        if (header.IsEmpty)
        {
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        var code = header[0];
        if (isString ? !IsStringCode(code) : !IsBinaryCode(code))
        {
            return Fail(ref reader, UnexpectedTypeFor(code));
        }

        if (!TryReadLengthHeader(header, out var headerSize, out var length))
        {
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        if (length > (ulong)(Remaining(ref reader) - headerSize))
        {
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        if (length > (ulong)maxLength)
        {
            return Fail(ref reader, MalformedDatagramReason.TooLong);
        }

        if (costPerByte > 0 && !TryCharge(ref reader, PayloadCost(length, costPerByte)))
        {
            return false;
        }

        if (inPlace)
        {
            payload = unread.Slice(headerSize, (int)length);
            Consume(ref reader, headerSize + (int)length, Step.Value);
        }
        else
        {
            payload = reader.ReadRaw(headerSize + (long)length).Slice(headerSize).ToArray();
        }

        return true;
    }

    // A string short enough to be parsed as text (decimal and Guid); ASCII, so UTF-8 validation is implied by parsing.
    private bool TryReadShortText(ref MessagePackReader reader, out ReadOnlySpan<byte> text, out long start)
    {
        text = default;
        start = Position(ref reader);
        if (!TryReadPayload(ref reader, isString: true, int.MaxValue, out var payload))
        {
            return false;
        }

        if (payload.Length > MaxDecimalTextLength)
        {
            CatchUp(ref reader);
            return FailAt(start, MalformedDatagramReason.InvalidFormat);
        }

        text = payload;
        return true;
    }

    private bool TryDecodeUtf8(ref MessagePackReader reader, scoped ReadOnlySpan<byte> utf8, long start, out string value)
    {
        if (!Utf8.IsValid(utf8))
        {
            value = string.Empty;
            CatchUp(ref reader);
            return FailAt(start, MalformedDatagramReason.InvalidUtf8);
        }

        value = Encoding.UTF8.GetString(utf8);
        return true;
    }
}
