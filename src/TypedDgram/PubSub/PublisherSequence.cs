namespace TypedDgram.PubSub;

/// <summary>
/// The sequence accounting of one publisher id: the newest sequence number seen, which of the last
/// <see cref="Window"/> numbers have arrived, and the counts those imply. Not thread-safe; <see cref="SequenceTracker"/> locks.
/// </summary>
/// <remarks>
/// The first number seen is the baseline: a subscriber that joins late is not told it lost what was sent before it
/// listened. Every number between the baseline and the newest that has not arrived is counted lost once, when a newer
/// one reveals the gap; that is why a late arrival above the baseline is taken back off lost.
/// </remarks>
internal sealed class PublisherSequence
{
    /// <summary>How far behind the newest a publication may arrive and still be delivered (and told from a duplicate).</summary>
    public const int Window = 1024;

    private const int WordBits = 64;

    // Bit (n % Window) is set when sequence number n, within the window, has arrived. A ring: the slots of numbers
    // entering the window as the newest advances are cleared, which also forgets the ones falling out of it.
    private readonly ulong[] _arrived = new ulong[Window / WordBits];
    private readonly ulong _baseline;

    public PublisherSequence(ulong publisherId, ulong firstSequence)
    {
        PublisherId = publisherId;
        _baseline = firstSequence;
        Highest = firstSequence;
        Set(firstSequence);
        Received = 1;
    }

    public ulong PublisherId { get; }

    /// <summary>The newest sequence number seen.</summary>
    public ulong Highest { get; private set; }

    public long Received { get; private set; }

    public long Lost { get; private set; }

    public long Duplicated { get; private set; }

    public long Reordered { get; private set; }

    public long Stale { get; private set; }

    /// <summary>Accounts one arrival of <paramref name="sequence"/> and says whether to deliver it.</summary>
    public SequenceVerdict Observe(ulong sequence)
    {
        if (sequence > Highest)
        {
            var advance = sequence - Highest;
            Lost = SaturatingAdd(Lost, advance - 1);
            ClearEntering(Highest + 1, advance);
            Highest = sequence;
            Set(sequence);
            Received++;
            return SequenceVerdict.Accepted;
        }

        if (Highest - sequence >= Window)
        {
            Stale++;
            return SequenceVerdict.Stale;
        }

        if (IsSet(sequence))
        {
            Duplicated++;
            return SequenceVerdict.Duplicate;
        }

        Set(sequence);
        Received++;
        Reordered++;
        if (sequence > _baseline)
        {
            Lost--;
        }

        return SequenceVerdict.Reordered;
    }

    /// <summary>A snapshot of this publisher's counts.</summary>
    public PublisherStats Snapshot() => new(PublisherId, Highest, Received, Lost, Duplicated, Reordered, Stale);

    // A hostile sender can jump by up to 2^64 - 1; the count saturates instead of wrapping negative.
    private static long SaturatingAdd(long count, ulong add) =>
        add >= (ulong)(long.MaxValue - count) ? long.MaxValue : count + (long)add;

    private bool IsSet(ulong sequence)
    {
        var slot = (int)(sequence % Window);
        return (_arrived[slot / WordBits] & (1UL << (slot % WordBits))) != 0;
    }

    private void Set(ulong sequence)
    {
        var slot = (int)(sequence % Window);
        _arrived[slot / WordBits] |= 1UL << (slot % WordBits);
    }

    // Clears the slots of `count` consecutive numbers starting at `first`, word by word, so a jump costs at most
    // Window / 64 word writes however large it is.
    private void ClearEntering(ulong first, ulong count)
    {
        if (count >= Window)
        {
            Array.Clear(_arrived);
            return;
        }

        var start = (int)(first % Window);
        var length = (int)count;
        var head = Math.Min(length, Window - start);
        ClearSlots(start, head);
        ClearSlots(0, length - head);
    }

    private void ClearSlots(int start, int length)
    {
        var end = start + length;
        while (start < end)
        {
            var word = start / WordBits;
            var bit = start % WordBits;
            var bits = Math.Min(WordBits - bit, end - start);
            var mask = bits == WordBits ? ulong.MaxValue : ((1UL << bits) - 1) << bit;
            _arrived[word] &= ~mask;
            start += bits;
        }
    }
}
