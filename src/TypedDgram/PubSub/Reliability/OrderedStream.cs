using System.Buffers;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// One publisher's stream as a reliable subscriber sees it: the next number to deliver, the publications held back
/// behind a gap, which numbers are missing and since when, and the NORM-style NAK cycle that asks for them
/// (docs/reliability.md, "Reliable pub/sub"). Not thread-safe and clock-free: <see cref="ReliableReceiver"/> locks and
/// passes the time, so that tests drive it step by step.
/// </summary>
/// <remarks>
/// Numbers from <c>_next</c> to <c>_end - 1</c> are each either held (arrived early) or missing; at most
/// <see cref="RepairOptions.HoldBackCount"/> of them (1,024 until the publisher has had
/// <see cref="SequenceTracker.EstablishedAfter"/> publications delivered, so that a forged id cannot make a subscriber
/// grow a large ring), kept in a ring indexed by number that starts small and doubles as gaps need. The NAK cycle, per publisher: a gap starts a random
/// back-off (<see cref="RepairOptions.NakBackoff"/>); NAKs of other subscribers seen meanwhile mark the numbers they
/// name; when the back-off ends, the missing numbers not so marked are NAKed (or none, if others asked for all of
/// them), and the subscriber holds off (<see cref="RepairOptions.NakHoldoff"/>) before the next round. A missing number
/// older than <see cref="RepairOptions.RepairDeadline"/> is given up, counted unrecoverable, and what follows it
/// delivered: the stream never stalls. Without a key, a number more than the window ahead is believed only when
/// <see cref="PublisherSequence.ResyncAfter"/> arrive in a row, as the best-effort tracker does.
/// </remarks>
internal sealed class OrderedStream
{
    /// <summary>How far ahead of the next number a new publisher's publication may be and still be held.</summary>
    public const int ProbationWindow = PublisherSequence.Window;

    /// <summary>The most NAK frames one round sends (each names up to <see cref="NakBody.MaxRanges"/> runs).</summary>
    public const int MaxNaksPerRound = 16;

    private const int InitialSlots = 64;

    private readonly RepairOptions _options;
    private readonly Random _random;
    private readonly bool _authenticated;
    private readonly OrderedDelivery _deliver;

    // Reassembly, asked whether a missing number arrived in part (then only its missing bytes are NAKed); null in tests
    // of whole publications only.
    private readonly IPartialRepair? _partial;
    private Slot[] _slots = new Slot[InitialSlots];
    private long _delivered;
    private ulong _next;
    private ulong _end;
    private int _held;
    private long _heldBytes;
    private int _missing;
    private NakPhase _phase;
    private TimeSpan _phaseEnds;

    // A late joiner's stream until its history had time to arrive: holds everything, and may start earlier.
    private bool _joining;
    private TimeSpan _joinEnds;

    // Without a key: the publications beyond the window since the last one inside it (see the remarks).
    private ulong _beyondFirst;
    private ulong _beyondLast;
    private int _beyondCount;

    /// <summary>
    /// A stream whose first number to deliver is <paramref name="first"/>; with <paramref name="joinUntil"/> (a late joiner
    /// that asked for the publisher's history), it delivers nothing before then, and an earlier number arriving by then
    /// (the history) becomes the first.
    /// </summary>
    public OrderedStream(
        ulong publisherId, ulong first, RepairOptions options, Random random, bool authenticated, OrderedDelivery deliver, TimeSpan? joinUntil = null,
        IPartialRepair? partial = null)
    {
        _partial = partial;
        _joinEnds = joinUntil ?? TimeSpan.Zero;
        _joining = joinUntil is not null;
        PublisherId = publisherId;
        _next = first;
        _end = first;
        _options = options;
        _random = random;
        _authenticated = authenticated;
        _deliver = deliver;
    }

    private enum NakPhase
    {
        Idle,
        BackingOff,
        HoldingOff,
    }

    public ulong PublisherId { get; }

    /// <summary>The next number this stream delivers.</summary>
    public ulong Next => _next;

    /// <summary>How many numbers are missing now.</summary>
    public int Missing => _missing;

    /// <summary>How many publications are held back now.</summary>
    public int Held => _held;

    /// <summary>How many bytes the held publications take.</summary>
    public long HeldBytes => _heldBytes;

    /// <summary>Missing numbers that arrived later (repaired, or late on the network).</summary>
    public long Recovered { get; private set; }

    /// <summary>Missing numbers given up (deadline passed, hold-back full, publisher gone), never delivered.</summary>
    public long Unrecoverable { get; private set; }

    /// <summary>NAKs this subscriber sent for this publisher.</summary>
    public long NaksSent { get; private set; }

    /// <summary>NAK rounds this subscriber did not send because other subscribers' NAKs had asked for every number.</summary>
    public long NaksSuppressed { get; private set; }

    /// <summary>Publications that arrived again after being delivered or held (retransmissions it did not need).</summary>
    public long Duplicates { get; private set; }

    /// <summary>Whether a NAK round or a deadline is pending, so the receiver must keep polling.</summary>
    public bool NeedsPolling => _missing > 0 || _joining;

    /// <summary>Accounts publication <paramref name="number"/>: delivers it (and what it unblocks), holds it back, or drops a duplicate.</summary>
    public ArrivalVerdict Arrive(ulong number, ReadOnlyMemory<byte> payload, int payloadOffset, RemoteInfo from, TimeSpan now)
    {
        if (number < _next)
        {
            if (!_joining || _end - number > (ulong)Math.Max(_options.HoldBackCount, ProbationWindow))
            {
                Duplicates++;
                return ArrivalVerdict.Duplicate;
            }

            StartEarlier(number, now);
        }

        if (number - _next >= (ulong)Window)
        {
            if (!BelieveBeyond(number))
            {
                return ArrivalVerdict.Ignored;
            }

            GiveUpThrough(number);
        }

        _beyondCount = 0;
        Reserve(number);
        ref var slot = ref SlotOf(number);
        if (number < _end)
        {
            if (slot.Buffer is not null)
            {
                Duplicates++;
                return ArrivalVerdict.Duplicate;
            }

            // A late joiner's history filling in is not a repair.
            if (!_joining)
            {
                Recovered++;
                PubSubTelemetry.Repair("recovered");
            }

            _missing--;
        }
        else
        {
            MarkMissing(number, now);
            _end = number + 1;
        }

        if (number == _next && !_joining)
        {
            slot = default;
            _next++;
            _delivered++;
            _deliver(PublisherId, number, payload, payloadOffset, from);
            DrainHeld();
            return ArrivalVerdict.Delivered;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, payload.Length));
        payload.Span.CopyTo(buffer);
        slot = new Slot { Buffer = buffer, Length = payload.Length, Offset = payloadOffset, From = from };
        _held++;
        _heldBytes += payload.Length;
        while (!_joining && (_held > _options.HoldBackCount || _heldBytes > _options.HoldBackBytes))
        {
            // After draining, the number at _next is missing whenever anything is held: give the oldest gap up.
            GiveUpNext();
        }

        return ArrivalVerdict.Held;
    }

    /// <summary>
    /// The publisher said (in a heartbeat) that it has published up to <paramref name="highest"/>: numbers after the
    /// last one seen are missing (a lost tail), within the window.
    /// </summary>
    public void Announce(ulong highest, TimeSpan now)
    {
        if (highest < _end)
        {
            return;
        }

        var last = Math.Min(highest, _next + (ulong)Window - 1);
        Reserve(last);
        MarkMissing(last + 1, now);
        _end = last + 1;
    }

    /// <summary>Another subscriber NAKed <paramref name="ranges"/> of this publisher: this one need not ask for them this round.</summary>
    public void SuppressBy(ReadOnlySpan<SequenceRange> ranges)
    {
        if (_phase != NakPhase.BackingOff)
        {
            return;
        }

        foreach (var range in ranges)
        {
            var first = Math.Max(range.First, _next);
            var last = Math.Min(range.Last, _end - 1);
            for (var number = first; number <= last && number >= first; number++)
            {
                SlotOf(number).Suppressed = true;
            }
        }
    }

    /// <summary>When <see cref="Poll"/> last ran.</summary>
    public TimeSpan LastPolled { get; private set; }

    /// <summary>Gives up missing numbers past their deadline, and sends this round's NAK when its back-off ends.</summary>
    public void Poll(TimeSpan now, NakSender sendNak)
    {
        LastPolled = now;
        if (_joining)
        {
            if (now < _joinEnds)
            {
                return;
            }

            // The history had its time: deliver from the earliest number seen; what is still missing is NAKed as any gap.
            _joining = false;
            DrainHeld();
            foreach (var number in MissingSince(now))
            {
                SlotOf(number).Since = now;
            }
        }

        DrainHeld();
        while (_missing > 0 && _next < _end && SlotOf(_next).Buffer is null && now - SlotOf(_next).Since >= _options.RepairDeadline)
        {
            GiveUpNext();
        }

        if (_missing == 0)
        {
            _phase = NakPhase.Idle;
            return;
        }

        switch (_phase)
        {
            case NakPhase.Idle:
                StartBackoff(now);
                break;
            case NakPhase.BackingOff when now >= _phaseEnds:
                SendNak(sendNak);
                _phase = NakPhase.HoldingOff;
                _phaseEnds = now + _options.NakHoldoff;
                break;
            case NakPhase.HoldingOff when now >= _phaseEnds:
                StartBackoff(now);
                break;
        }
    }

    /// <summary>The publisher is gone (or forgotten): delivers what is held, in order, and gives up every gap.</summary>
    public void Abandon()
    {
        _joining = false;
        while (_next < _end)
        {
            if (SlotOf(_next).Buffer is null)
            {
                GiveUpNext();
            }
            else
            {
                DrainHeld();
            }
        }

        _phase = NakPhase.Idle;
    }

    /// <summary>Returns the held buffers without delivering them: the bus is closing.</summary>
    public void Clear()
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Buffer is { } buffer)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            _slots[i] = default;
        }

        _held = 0;
        _heldBytes = 0;
        _missing = 0;
    }

    // Numbers _end .. before - 1 become missing as of now; the first gap of an idle stream starts a back-off.
    private void MarkMissing(ulong before, TimeSpan now)
    {
        if (before <= _end)
        {
            return;
        }

        for (var number = _end; number < before; number++)
        {
            SlotOf(number) = new Slot { Since = now };
        }

        // A first gap starts a back-off now, whatever phase the last (repaired) gap left behind.
        var first = _missing == 0;
        _missing += (int)(before - _end);
        if (first || _phase == NakPhase.Idle)
        {
            StartBackoff(now);
        }
    }

    private void StartBackoff(TimeSpan now)
    {
        for (var number = _next; number < _end; number++)
        {
            SlotOf(number).Suppressed = false;
        }

        _phase = NakPhase.BackingOff;
        _phaseEnds = now + (_options.NakBackoff * _random.NextDouble());
    }

    // The missing numbers not NAKed by others this round, as ranges, in NAKs of at most NakBody.MaxRanges each and at
    // most MaxNaksPerRound of them (a subscriber that lost a burst asks for all of it at once, up to that). A number that
    // arrived in part (fragments in reassembly) is asked for by the bytes it lacks instead, in fragment NAKs that count
    // towards the same bound: re-sending a 180-fragment publication for one lost fragment would cost 180 times the repair.
    private void SendNak(NakSender sendNak)
    {
        Span<SequenceRange> ranges = stackalloc SequenceRange[NakBody.MaxRanges];
        var count = 0;
        var sent = 0;
        for (var number = _next; number < _end && sent < MaxNaksPerRound; number++)
        {
            ref var slot = ref SlotOf(number);
            if (slot.Buffer is not null || slot.Suppressed)
            {
                continue;
            }

            if (_partial?.NakMissingBytes(PublisherId, number, MaxNaksPerRound - sent - (count > 0 ? 1 : 0)) is { } partial and >= 0)
            {
                sent += partial;
                if (sent >= MaxNaksPerRound - (count > 0 ? 1 : 0))
                {
                    break;
                }

                continue;
            }

            if (count > 0 && ranges[count - 1].Last == number - 1)
            {
                ranges[count - 1] = ranges[count - 1] with { Count = ranges[count - 1].Count + 1 };
                continue;
            }

            if (count == ranges.Length)
            {
                sendNak(PublisherId, ranges);
                sent++;
                count = 0;
                if (sent == MaxNaksPerRound)
                {
                    break;
                }
            }

            ranges[count++] = new SequenceRange(number, 1);
        }

        if (count > 0 && sent < MaxNaksPerRound)
        {
            sendNak(PublisherId, ranges[..count]);
            sent++;
        }

        if (sent == 0)
        {
            NaksSuppressed++;
        }

        NaksSent += sent;
    }

    private void DrainHeld()
    {
        while (_next < _end && !_joining)
        {
            ref var slot = ref SlotOf(_next);
            if (slot.Buffer is not { } buffer)
            {
                return;
            }

            var (length, offset, from) = (slot.Length, slot.Offset, slot.From);
            slot = default;
            _held--;
            _heldBytes -= length;
            var number = _next++;
            _delivered++;
            try
            {
                _deliver(PublisherId, number, buffer.AsMemory(0, length), offset, from);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private void GiveUpNext()
    {
        _partial?.GiveUp(PublisherId, _next);
        SlotOf(_next) = default;
        _missing--;
        _next++;
        Unrecoverable++;
        PubSubTelemetry.Repair("unrecoverable");
        DrainHeld();
    }

    // A believed jump far ahead: what is held is delivered, every gap before it given up, and the numbers skipped count
    // unrecoverable too (the stream never saw them, and never will).
    private void GiveUpThrough(ulong number)
    {
        Abandon();
        var skipped = (long)Math.Min(number - _next, long.MaxValue);
        Unrecoverable = Saturating.Add(Unrecoverable, skipped);
        PubSubTelemetry.Repair("unrecoverable", skipped);
        _next = number;
        _end = number;
    }

    // A late joiner's history arrived below the first number seen: it starts there, the numbers between now missing.
    private void StartEarlier(ulong number, TimeSpan now)
    {
        var oldNext = _next;
        var size = _slots.Length;
        while ((ulong)size < _end - number)
        {
            size *= 2;
        }

        var old = _slots;
        _slots = new Slot[size];
        for (var n = oldNext; n < _end; n++)
        {
            SlotOf(n) = old[(int)(n & (ulong)(old.Length - 1))];
        }

        for (var n = number; n < oldNext; n++)
        {
            SlotOf(n) = new Slot { Since = now };
        }

        _missing += (int)(oldNext - number);
        _next = number;
    }

    // The missing numbers, oldest first (their deadline counts from the end of the join).
    private IEnumerable<ulong> MissingSince(TimeSpan now)
    {
        for (var number = _next; number < _end; number++)
        {
            if (SlotOf(number).Buffer is null)
            {
                yield return number;
            }
        }
    }

    // How far ahead of _next a publication may be: the hold-back count once the publisher is established (that many of
    // its publications delivered or held: a gap at the head of a fast publisher's stream holds back thousands before
    // one is delivered, and they cost a forger no more than delivered ones).
    // A late joiner's stream is not limited while it waits for the history it asked for (it holds everything then, and
    // under load more than the probation window can arrive in that time).
    private int Window => _delivered + _held >= SequenceTracker.EstablishedAfter || _joining ? Math.Max(_options.HoldBackCount, ProbationWindow) : ProbationWindow;

    private ref Slot SlotOf(ulong number) => ref _slots[(int)(number & (ulong)(_slots.Length - 1))];

    // Grows the ring (doubling, slots re-placed by number) until it holds _next .. number.
    private void Reserve(ulong number)
    {
        var needed = number - _next + 1;
        if (needed <= (ulong)_slots.Length)
        {
            return;
        }

        var size = _slots.Length;
        while ((ulong)size < needed)
        {
            size *= 2;
        }

        var old = _slots;
        _slots = new Slot[size];
        for (var n = _next; n < _end; n++)
        {
            SlotOf(n) = old[(int)(n & (ulong)(old.Length - 1))];
        }
    }

    private bool BelieveBeyond(ulong number)
    {
        if (_authenticated)
        {
            return true;
        }

        var follows = _beyondCount > 0 && number > _beyondLast && number - _beyondFirst < (ulong)Window;
        if (!follows)
        {
            _beyondCount = 0;
            _beyondFirst = number;
        }

        _beyondLast = number;
        return ++_beyondCount >= PublisherSequence.ResyncAfter;
    }

    /// <summary>A number in the window: held (a buffer) or missing (since when; whether another subscriber NAKed it this round).</summary>
    private struct Slot
    {
        public byte[]? Buffer;
        public int Length;
        public int Offset;
        public RemoteInfo From;
        public TimeSpan Since;
        public bool Suppressed;
    }
}
