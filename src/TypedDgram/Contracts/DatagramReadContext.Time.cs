using System.Buffers.Binary;
using MessagePack;

namespace TypedDgram.Contracts;

// DateTime (MessagePack timestamp extension), DateTimeOffset ([timestamp, offset minutes]) and TimeSpan (ticks).
public partial struct DatagramReadContext
{
    private const sbyte TimestampExtensionType = -1;
    private const long UnixEpochSeconds = 62_135_596_800;    // seconds from 0001-01-01 to 1970-01-01
    private const long MinUnixSeconds = -UnixEpochSeconds;  // DateTime.MinValue
    private const long MaxUnixSeconds = 253_402_300_799;    // DateTime.MaxValue, whole seconds
    private const int MaxOffsetMinutes = 14 * 60;           // DateTimeOffset's limit

    /// <summary>Reads a <see cref="TimeSpan"/>: an integer count of 100 ns ticks.</summary>
    internal bool TryReadTimeSpan(ref MessagePackReader reader, out TimeSpan value)
    {
        var ok = TryReadInt64(ref reader, out var ticks);
        value = new TimeSpan(ticks);
        return ok;
    }

    /// <summary>Reads a <see cref="DateTime"/> (kind UTC): the MessagePack timestamp extension (type -1) in its 32, 64 or 96-bit form, within 0001..9999.</summary>
    internal bool TryReadDateTime(ref MessagePackReader reader, out DateTime value)
    {
        value = default;
        var header = Peek(ref reader);
        var peeked = header.Length;
        if (peeked == 0)
        {
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        var code = header[0];
        var (payloadStart, payloadLength) = code switch
        {
            MessagePackCode.FixExt4 => (2, 4),
            MessagePackCode.FixExt8 => (2, 8),
            MessagePackCode.Ext8 when peeked >= 2 && header[1] == 12 => (3, 12),
            _ => (0, 0),
        };
        if (payloadLength == 0)
        {
            return Fail(ref reader, code == MessagePackCode.Ext8 && peeked < 2 ? MalformedDatagramReason.Truncated : UnexpectedTypeFor(code));
        }

        if (peeked < payloadStart + payloadLength)
        {
            return Fail(ref reader, MalformedDatagramReason.Truncated);
        }

        if ((sbyte)header[payloadStart - 1] != TimestampExtensionType)
        {
            return Fail(ref reader, MalformedDatagramReason.UnexpectedType);
        }

        var payload = header.Slice(payloadStart, payloadLength);
        long seconds;
        uint nanoseconds;
        switch (payloadLength)
        {
            case 4:
                seconds = BinaryPrimitives.ReadUInt32BigEndian(payload);
                nanoseconds = 0;
                break;
            case 8:
                var bits = BinaryPrimitives.ReadUInt64BigEndian(payload);
                nanoseconds = (uint)(bits >> 34);
                seconds = (long)(bits & 0x3_FFFF_FFFF);
                break;
            default:
                nanoseconds = BinaryPrimitives.ReadUInt32BigEndian(payload);
                seconds = BinaryPrimitives.ReadInt64BigEndian(payload[4..]);
                break;
        }

        if (nanoseconds >= 1_000_000_000 || seconds < MinUnixSeconds || seconds > MaxUnixSeconds)
        {
            return Fail(ref reader, MalformedDatagramReason.OutOfRange);
        }

        // Sub-tick nanoseconds (another language's writer) are truncated to DateTime's 100 ns resolution.
        value = new DateTime(((seconds + UnixEpochSeconds) * TimeSpan.TicksPerSecond) + (nanoseconds / 100), DateTimeKind.Utc);
        Consume(ref reader, payloadStart + payloadLength, Step.Value);
        return true;
    }

    /// <summary>
    /// Reads a <see cref="DateTimeOffset"/>: a 2-element array of the local clock time as a timestamp and the offset from UTC in
    /// whole minutes (-840..840), the layout MessagePack-CSharp uses.
    /// </summary>
    internal bool TryReadDateTimeOffset(ref MessagePackReader reader, out DateTimeOffset value)
    {
        value = default;
        var start = Position(ref reader);
        if (!TryBeginArray(ref reader, minElementSize: 1, out var count))
        {
            return false;
        }

        if (count != 2)
        {
            End();
            CatchUp(ref reader);
            return FailAt(start, MalformedDatagramReason.UnexpectedType);
        }

        if (!TryReadDateTime(ref reader, out var clock) || !TryReadInt16(ref reader, out var offsetMinutes))
        {
            return false;
        }

        End();
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        var utcTicks = clock.Ticks - offset.Ticks;
        if (offsetMinutes is < -MaxOffsetMinutes or > MaxOffsetMinutes || utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            CatchUp(ref reader);
            return FailAt(start, MalformedDatagramReason.OutOfRange);
        }

        value = new DateTimeOffset(clock.Ticks, offset);
        return true;
    }
}
