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
/// <see cref="Window"/> of them, kept in a ring indexed by number. The NAK cycle, per publisher: a gap starts a random
/// back-off (<see cref="RepairOptions.NakBackoff"/>); NAKs of other subscribers seen meanwhile mark the numbers they
/// name; when the back-off ends, the missing numbers not so marked are NAKed (or none, if others asked for all of
/// them), and the subscriber holds off (<see cref="RepairOptions.NakHoldoff"/>) before the next round. A missing number
/// older than <see cref="RepairOptions.RepairDeadline"/> is given up, counted unrecoverable, and what follows it
/// delivered: the stream never stalls. Without a key, a number more than the window ahead is believed only when
/// <see cref="PublisherSequence.ResyncAfter"/> arrive in a row, as the best-effort tracker does.
/// </remarks>
internal sealed class OrderedStream
{
    /// <summary>How far ahead of the next number to deliver a publication may be and still be held.</summary>
    public const int Window = PublisherSequence.Window;

    private readonly RepairOptions _options;
    private readonly Random _random;
    private readonly bool _authenticated;
    private readonly OrderedDelivery _deliver;
    private readonly Slot[] _slots = new Slot[Window];
    private ulong _next;
    private ulong _end;
    private int _held;
    private long _heldBytes;
    private int _missing;
    private NakPhase _phase;
    private TimeSpan _phaseEnds;

    // Without a key: the publications beyond the window since the last one inside it (see the remarks).
    private ulong _beyondFirst;
    private ulong _beyondLast;
    private int _beyondCount;

    /// <summary>A stream whose first number to deliver is <paramref name="first"/>.</summary>
    public OrderedStream(ulong publisherId, ulong first, RepairOptions options, Random random, bool authenticated, OrderedDelivery deliver)
    {
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
    public bool NeedsPolling => _missing > 0;

    /// <summary>Accounts publication <paramref name="number"/>: delivers it (and what it unblocks), holds it back, or drops a duplicate.</summary>
    public ArrivalVerdict Arrive(ulong number, ReadOnlyMemory<byte> payload, int payloadOffset, RemoteInfo from, TimeSpan now)
    {
        if (number < _next)
        {
            Duplicates++;
            return ArrivalVerdict.Duplicate;
        }

        if (number - _next >= Window)
        {
            if (!BelieveBeyond(number))
            {
                return ArrivalVerdict.Ignored;
            }

            GiveUpThrough(number);
        }

        _beyondCount = 0;
        ref var slot = ref _slots[number % Window];
        if (number < _end)
        {
            if (slot.Buffer is not null)
            {
                Duplicates++;
                return ArrivalVerdict.Duplicate;
            }

            Recovered++;
            _missing--;
        }
        else
        {
            MarkMissing(number, now);
            _end = number + 1;
        }

        if (number == _next)
        {
            slot = default;
            _next++;
            _deliver(PublisherId, number, payload, payloadOffset, from);
            DrainHeld();
            return ArrivalVerdict.Delivered;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, payload.Length));
        payload.Span.CopyTo(buffer);
        slot = new Slot { Buffer = buffer, Length = payload.Length, Offset = payloadOffset, From = from };
        _held++;
        _heldBytes += payload.Length;
        while (_held > _options.HoldBackCount || _heldBytes > _options.HoldBackBytes)
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

        var last = Math.Min(highest, _next + Window - 1);
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
                _slots[number % Window].Suppressed = true;
            }
        }
    }

    /// <summary>Gives up missing numbers past their deadline, and sends this round's NAK when its back-off ends.</summary>
    public void Poll(TimeSpan now, NakSender sendNak)
    {
        while (_missing > 0 && now - _slots[_next % Window].Since >= _options.RepairDeadline)
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
        while (_next < _end)
        {
            if (_slots[_next % Window].Buffer is null)
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
            _slots[number % Window] = new Slot { Since = now };
        }

        _missing += (int)(before - _end);
        if (_phase == NakPhase.Idle)
        {
            StartBackoff(now);
        }
    }

    private void StartBackoff(TimeSpan now)
    {
        for (var number = _next; number < _end; number++)
        {
            _slots[number % Window].Suppressed = false;
        }

        _phase = NakPhase.BackingOff;
        _phaseEnds = now + (_options.NakBackoff * _random.NextDouble());
    }

    private void SendNak(NakSender sendNak)
    {
        Span<SequenceRange> ranges = stackalloc SequenceRange[NakBody.MaxRanges];
        var count = 0;
        for (var number = _next; number < _end && count < ranges.Length; number++)
        {
            ref var slot = ref _slots[number % Window];
            if (slot.Buffer is not null || slot.Suppressed)
            {
                continue;
            }

            if (count > 0 && ranges[count - 1].Last == number - 1)
            {
                ranges[count - 1] = ranges[count - 1] with { Count = ranges[count - 1].Count + 1 };
            }
            else
            {
                ranges[count++] = new SequenceRange(number, 1);
            }
        }

        if (count == 0)
        {
            NaksSuppressed++;
            return;
        }

        NaksSent++;
        sendNak(PublisherId, ranges[..count]);
    }

    private void DrainHeld()
    {
        while (_next < _end)
        {
            ref var slot = ref _slots[_next % Window];
            if (slot.Buffer is not { } buffer)
            {
                return;
            }

            var (length, offset, from) = (slot.Length, slot.Offset, slot.From);
            slot = default;
            _held--;
            _heldBytes -= length;
            var number = _next++;
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
        _slots[_next % Window] = default;
        _missing--;
        _next++;
        Unrecoverable++;
        DrainHeld();
    }

    // A believed jump far ahead: what is held is delivered, every gap before it given up, and the numbers skipped count
    // unrecoverable too (the stream never saw them, and never will).
    private void GiveUpThrough(ulong number)
    {
        Abandon();
        Unrecoverable += (long)Math.Min(number - _next, long.MaxValue);
        _next = number;
        _end = number;
    }

    private bool BelieveBeyond(ulong number)
    {
        if (_authenticated)
        {
            return true;
        }

        var follows = _beyondCount > 0 && number > _beyondLast && number - _beyondFirst < Window;
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
