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
    public bool TryReadString(ref MessagePackReader reader, out string value)
    {
        value = string.Empty;
        var start = reader.Consumed;
        if (!TryReadPayload(ref reader, isString: true, Limits.MaxStringLength, out var payload, costPerByte: 2))
        {
            return false;
        }

        if (payload.IsSingleSegment)
        {
            return TryDecodeUtf8(payload.FirstSpan, start, out value);
        }

        // Only a caller-built multi-segment reader gets here; the receive path always reads one contiguous datagram.
        return TryDecodeUtf8(payload.ToArray(), start, out value);
    }

    /// <summary>Reads a MessagePack bin of at most <see cref="DatagramReaderLimits.MaxBinaryLength"/> bytes into a new array.</summary>
    public bool TryReadBytes(ref MessagePackReader reader, out byte[] value)
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
    public bool TryReadMemory(ref MessagePackReader reader, out ReadOnlyMemory<byte> value)
    {
        var ok = TryReadBytes(ref reader, out var bytes);
        value = bytes;
        return ok;
    }

    /// <summary>Reads a <see cref="decimal"/>: a string in invariant form (<c>"-12.50"</c>, exponent allowed), or an integer.</summary>
    public bool TryReadDecimal(ref MessagePackReader reader, out decimal value)
    {
        value = 0;
        if (!reader.End && !IsStringCode(reader.NextCode))
        {
            if (!TryPeekInteger(ref reader, out var integer, out var size))
            {
                return false;
            }

            value = (decimal)integer;
            reader.ReadRaw(size);
            return true;
        }

        Span<byte> text = stackalloc byte[MaxDecimalTextLength];
        if (!TryReadShortText(ref reader, text, out var length, out var start))
        {
            return false;
        }

        if (!Utf8Parser.TryParse(text[..length], out value, out var consumed) || consumed != length)
        {
            value = 0;
            return FailAt(start, MalformedDatagramReason.InvalidFormat);
        }

        return true;
    }

    /// <summary>Reads a <see cref="Guid"/>: a 36-character string <c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c> (either case).</summary>
    public bool TryReadGuid(ref MessagePackReader reader, out Guid value)
    {
        value = Guid.Empty;
        Span<byte> text = stackalloc byte[MaxDecimalTextLength];
        if (!TryReadShortText(ref reader, text, out var length, out var start))
        {
            return false;
        }

        if (length != 36 || !Utf8Parser.TryParse(text[..length], out value, out var consumed, 'D') || consumed != length)
        {
            value = Guid.Empty;
            return FailAt(start, MalformedDatagramReason.InvalidFormat);
        }

        return true;
    }

    // A str or bin payload of at most maxLength bytes; consumed only when whole. A payload that will be copied out
    // (costPerByte > 0: 2 for a string's UTF-16, 1 for a binary) is charged to the allocation budget first.
    private bool TryReadPayload(ref MessagePackReader reader, bool isString, int maxLength, out ReadOnlySequence<byte> payload, int costPerByte = 0)
    {
        payload = default;
        Span<byte> header = stackalloc byte[5];
        var peeked = Peek(ref reader, header);
        if (peeked == 0)
        {
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        var code = header[0];
        if (isString ? !IsStringCode(code) : !IsBinaryCode(code))
        {
            return Fail(ref reader, UnexpectedTypeFor(code));
        }

        if (!TryReadLengthHeader(header[..peeked], out var headerSize, out var length))
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

        payload = reader.ReadRaw(headerSize + (long)length).Slice(headerSize);
        return true;
    }

    // A string short enough for a stack buffer (decimal and Guid text); ASCII, so UTF-8 validation is implied by parsing.
    private bool TryReadShortText(ref MessagePackReader reader, scoped Span<byte> text, out int length, out long start)
    {
        length = 0;
        start = reader.Consumed;
        if (!TryReadPayload(ref reader, isString: true, int.MaxValue, out var payload))
        {
            return false;
        }

        if (payload.Length > text.Length)
        {
            return FailAt(start, MalformedDatagramReason.InvalidFormat);
        }

        length = (int)payload.Length;
        payload.CopyTo(text);
        return true;
    }

    private bool TryDecodeUtf8(ReadOnlySpan<byte> utf8, long start, out string value)
    {
        if (!Utf8.IsValid(utf8))
        {
            value = string.Empty;
            return FailAt(start, MalformedDatagramReason.InvalidUtf8);
        }

        value = Encoding.UTF8.GetString(utf8);
        return true;
    }
}
