namespace TypedDgram.PubSub;

/// <summary>
/// The sequence accounting of one publisher id: the newest sequence number seen, which of the last
/// <see cref="Window"/> numbers have arrived, and the counts those imply. Not thread-safe; <see cref="SequenceTracker"/> locks.
/// </summary>
/// <remarks>
/// The first number seen is the baseline: a subscriber that joins late is not told it lost what was sent before it
/// listened. Every number between the baseline and the newest that has not arrived is counted lost once, when a newer
/// one reveals the gap; that is why a late arrival above the baseline is taken back off lost.
/// <para>
/// Without a key (<c>authenticated: false</c>) anyone can send a publication under any publisher id, so one publication
/// beyond the window (more than <see cref="Window"/> ahead of the newest, or that far behind it) is not believed: it is
/// held back (counted stale, not delivered) and moves nothing. Only <see cref="ResyncAfter"/> such publications in a row,
/// each newer than the one before and within the window of the first, move the window to them: that is what a genuine
/// publisher looks like after a long outage, or after a forged jump moved the window away from it. So one forged
/// datagram changes nothing, and a burst of them silences a genuine publisher for at most <see cref="ResyncAfter"/> - 1
/// of its publications. With a key the numbers are the key holder's own: a jump is believed at once, and a publication
/// seen before or beyond the window behind is a replay, refused without touching the counts (the bus counts it rejected).
/// </para>
/// </remarks>
internal sealed class PublisherSequence
{
    /// <summary>How far behind the newest a publication may arrive and still be delivered (and told from a duplicate).</summary>
    public const int Window = 1024;

    /// <summary>
    /// Without a key: how many publications in a row beyond the window move the window to them. 3 so that neither one
    /// forged datagram nor one forged datagram plus a network duplicate of it can (a repeat is not "newer"); a genuine
    /// publisher coming back after an outage of more than <see cref="Window"/> numbers loses 2 more to it.
    /// </summary>
    public const int ResyncAfter = 3;

    private const int WordBits = 64;

    // Bit (n % Window) is set when sequence number n, within the window, has arrived. A ring: the slots of numbers
    // entering the window as the newest advances are cleared, which also forgets the ones falling out of it.
    private readonly ulong[] _arrived = new ulong[Window / WordBits];
    private readonly bool _authenticated;
    private ulong _baseline;

    // Without a key: the publications beyond the window since the last one inside it, oldest first (at most ResyncAfter).
    private readonly ulong[] _beyond = new ulong[ResyncAfter];
    private int _beyondCount;

    // Without a key: the window as it was before the last resync, to return to (see Resync).
    private LeftWindow? _left;

    public PublisherSequence(ulong publisherId, ulong firstSequence, bool authenticated = false)
        : this(publisherId, firstSequence, authenticated, received: true)
    {
    }

    private PublisherSequence(ulong publisherId, ulong firstSequence, bool authenticated, bool received)
    {
        PublisherId = publisherId;
        _authenticated = authenticated;
        _baseline = firstSequence;
        Highest = firstSequence;
        if (received)
        {
            Set(firstSequence);
            Received = 1;
        }
    }

    /// <summary>
    /// A publisher first heard through a heartbeat announcing <paramref name="highest"/>: that number is its baseline
    /// (nothing up to it is counted lost, as for a first publication) but has not arrived, so it is delivered if it
    /// comes (counted reordered, as any publication behind the newest number known).
    /// </summary>
    public static PublisherSequence FromAnnouncement(ulong publisherId, ulong highest, bool authenticated = false) =>
        new(publisherId, highest, authenticated, received: false);

    public ulong PublisherId { get; }

    /// <summary>The newest sequence number seen.</summary>
    public ulong Highest { get; private set; }

    public long Received { get; private set; }

    public long Lost { get; private set; }

    public long Duplicated { get; private set; }

    public long Reordered { get; private set; }

    public long Stale { get; private set; }

    /// <summary>
    /// Numbers a heartbeat revealed missing (tail loss, counted in <see cref="Lost"/> too). A found count: one that
    /// arrives later is taken off <see cref="Lost"/>, not off this.
    /// </summary>
    public long TailLost { get; private set; }

    /// <summary>Accounts one arrival of <paramref name="sequence"/> and says whether to deliver it.</summary>
    public SequenceVerdict Observe(ulong sequence)
    {
        var ahead = sequence > Highest;
        var distance = ahead ? sequence - Highest : Highest - sequence;
        if (!_authenticated && (ahead ? distance > Window : distance >= Window))
        {
            return HoldBeyondWindow(sequence);
        }

        if (ahead)
        {
            _beyondCount = 0;
            Advance(sequence);
            Received = Saturating.Increment(Received);
            return SequenceVerdict.Accepted;
        }

        if (distance >= Window)
        {
            // Only with a key: a replay of something the key holder sent long ago. Refused, counted by the bus.
            return SequenceVerdict.Stale;
        }

        return ObserveWithinWindow(sequence);
    }

    /// <summary>
    /// Accounts the publications <paramref name="first"/> .. <paramref name="first"/> + n - 1 of one batch frame (n the
    /// length of <paramref name="verdicts"/>), each as if it had come alone, and writes what to do with each.
    /// </summary>
    /// <remarks>
    /// One exception, without a key: a batch beyond the window is one datagram, so it counts as one arrival towards a
    /// resync (<see cref="ResyncAfter"/> in a row), through its first publication; if that one is held back, so are the
    /// rest (counted stale). Otherwise one forged batch of 3 numbers would move the window, where today 3 datagrams must.
    /// </remarks>
    public void ObserveBatch(ulong first, Span<SequenceVerdict> verdicts)
    {
        verdicts[0] = Observe(first);
        if (!_authenticated && verdicts[0] == SequenceVerdict.Stale && _beyondCount > 0)
        {
            // Held back beyond the window (a stale one behind it leaves _beyondCount at 0): the rest follow it.
            verdicts[1..].Fill(SequenceVerdict.Stale);
            Stale = Saturating.Add(Stale, verdicts.Length - 1);
            return;
        }

        for (var i = 1; i < verdicts.Length; i++)
        {
            verdicts[i] = Observe(first + (ulong)i);
        }
    }

    /// <summary>A publication at or below the newest, within the window: a duplicate, or a late arrival to deliver.</summary>
    private SequenceVerdict ObserveWithinWindow(ulong sequence)
    {
        if (IsSet(sequence))
        {
            if (!_authenticated)
            {
                Duplicated = Saturating.Increment(Duplicated);
            }

            return SequenceVerdict.Duplicate;
        }

        _beyondCount = 0;
        Set(sequence);
        Received = Saturating.Increment(Received);
        Reordered = Saturating.Increment(Reordered);
        if (sequence > _baseline && Lost is > 0 and < long.MaxValue)
        {
            Lost--;
        }

        return SequenceVerdict.Reordered;
    }

    /// <summary>
    /// Accounts a heartbeat announcing <paramref name="highest"/> as the publisher's newest number (docs/wire-format.md,
    /// section 7, "Heartbeats"): every number above the newest known, up to and including it, is counted lost, exactly as
    /// a later publication would have revealed them; one that still arrives is then a late arrival (delivered, counted
    /// reordered, taken back off lost). Returns false, changing nothing, when the announcement is not believed: without
    /// a key, one more than <see cref="Window"/> ahead (a forged heartbeat must not count a huge loss, and heartbeats
    /// never resync the window: only publications do). <paramref name="tailLost"/> is how many were newly counted lost.
    /// </summary>
    public bool TryAnnounce(ulong highest, out ulong tailLost)
    {
        tailLost = 0;
        if (highest <= Highest)
        {
            return true;
        }

        tailLost = highest - Highest;
        if (!_authenticated && tailLost > Window)
        {
            tailLost = 0;
            return false;
        }

        Lost = Saturating.Add(Lost, tailLost);
        TailLost = Saturating.Add(TailLost, tailLost);
        ClearEntering(Highest + 1, tailLost);
        Highest = highest;
        return true;
    }

    /// <summary>A snapshot of this publisher's counts.</summary>
    public PublisherStats Snapshot() => new(PublisherId, Highest, Received, Lost, Duplicated, Reordered, Stale) { TailLost = TailLost };

    private SequenceVerdict HoldBeyondWindow(ulong sequence)
    {
        var follows = _beyondCount > 0
            && sequence > _beyond[_beyondCount - 1]
            && sequence - _beyond[0] < Window;
        if (!follows)
        {
            _beyondCount = 0;
        }

        _beyond[_beyondCount++] = sequence;
        if (_beyondCount < ResyncAfter)
        {
            Stale = Saturating.Increment(Stale);
            return SequenceVerdict.Stale;
        }

        return Resync();
    }

    // The held publications become the window. Forwards, the numbers skipped count lost as any gap does (the held ones
    // among them were not delivered, so they stay lost, as stale ones do). The window left behind is kept: when the
    // held publications are back near it (a genuine publisher after a forged jump), it is restored with its lost count,
    // so that what it had delivered stays delivered once and the forged gap is not counted lost.
    private SequenceVerdict Resync()
    {
        var newest = _beyond[_beyondCount - 1];
        var returning = _left is { } previous && (newest > previous.Highest ? newest - previous.Highest <= Window : previous.Highest - newest < Window);
        var leaving = new LeftWindow((ulong[])_arrived.Clone(), Highest, _baseline, Lost);
        if (returning)
        {
            var left = _left!.Value;
            left.Arrived.CopyTo(_arrived, 0);
            (Highest, _baseline, Lost) = (left.Highest, left.Baseline, left.Lost);
            if (newest <= Highest)
            {
                // Back inside the restored window: what it says about this number holds (replays of what was
                // delivered before the jump are duplicates).
                _beyondCount = 0;
                _left = leaving;
                return ObserveWithinWindow(newest);
            }

            Advance(newest);
        }
        else if (newest > Highest)
        {
            Advance(newest);
        }
        else
        {
            // Backwards to somewhere new: nothing the bus already counted is taken back, and the baseline moves so that
            // the numbers below are not taken off lost again.
            Array.Clear(_arrived);
            Highest = newest;
            _baseline = newest;
            Set(newest);
        }

        _left = leaving;

        // The held ones are marked arrived (a repeat of one is a duplicate), though only the newest is delivered.
        for (var i = 0; i < _beyondCount; i++)
        {
            if (_beyond[i] <= Highest && Highest - _beyond[i] < Window)
            {
                Set(_beyond[i]);
            }
        }

        _beyondCount = 0;
        Received = Saturating.Increment(Received);
        return SequenceVerdict.Accepted;
    }

    private void Advance(ulong sequence)
    {
        var advance = sequence - Highest;
        Lost = Saturating.Add(Lost, advance - 1);
        ClearEntering(Highest + 1, advance);
        Highest = sequence;
        Set(sequence);
    }

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

    /// <summary>A window left by a resync: its arrivals, newest, baseline and lost count.</summary>
    private readonly record struct LeftWindow(ulong[] Arrived, ulong Highest, ulong Baseline, long Lost);
}
