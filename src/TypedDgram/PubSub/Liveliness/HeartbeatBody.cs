namespace TypedDgram.PubSub;

/// <summary>
/// The body of a heartbeat frame (kind 2): the MessagePack array <c>[highest, leaseMilliseconds]</c>, documented byte
/// by byte in docs/wire-format.md, section 7, "Heartbeats". A reader takes the first two elements and ignores any that
/// follow, so a later version can announce more in the same frame.
/// </summary>
internal static class HeartbeatBody
{
    /// <summary>The body's length at most: fixarray, two uint 64.</summary>
    public const int MaxLength = 1 + 9 + 9;

    /// <summary>The longest lease a heartbeat can announce: 2^32 - 1 ms, about 49.7 days.</summary>
    public const long MaxLeaseMilliseconds = uint.MaxValue;

    private const int ElementCount = 2;

    /// <summary>Writes the body announcing <paramref name="highest"/> and a lease of <paramref name="leaseMilliseconds"/> and returns its length.</summary>
    public static int Write(Span<byte> destination, ulong highest, long leaseMilliseconds)
    {
        destination[0] = 0x90 | ElementCount;   // fixarray of 2
        var length = 1 + PublicationHeader.WriteUInt(destination[1..], highest);
        return length + PublicationHeader.WriteUInt(destination[length..], (ulong)leaseMilliseconds);
    }

    /// <summary>
    /// Reads a heartbeat body: the publisher's highest publication number and its lease (1 ms to
    /// <see cref="MaxLeaseMilliseconds"/>). Otherwise <paramref name="error"/> says why, at which byte of the body.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> body, out ulong highest, out long leaseMilliseconds, out HeaderError error)
    {
        highest = 0;
        leaseMilliseconds = 0;
        var offset = 0;
        if (!PublicationHeader.TryReadArrayLength(body, ref offset, out var elements) || elements < ElementCount)
        {
            error = new HeaderError("heartbeat: the body is not an array of at least 2 elements ([highest, leaseMilliseconds])", 0);
            return false;
        }

        var at = offset;
        if (!PublicationHeader.TryReadUInt(body, ref offset, out highest))
        {
            error = new HeaderError("heartbeat: the highest publication number is not an unsigned integer", at);
            return false;
        }

        at = offset;
        if (!PublicationHeader.TryReadUInt(body, ref offset, out var lease) || lease is 0 or > MaxLeaseMilliseconds)
        {
            error = new HeaderError($"heartbeat: the lease is not a number of milliseconds from 1 to {MaxLeaseMilliseconds}", at);
            return false;
        }

        leaseMilliseconds = (long)lease;
        error = default;
        return true;
    }
}
