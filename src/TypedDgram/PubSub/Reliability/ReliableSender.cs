using System.Buffers;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// The publisher's side of reliable mode: keeps what it sent (<see cref="RetransmissionHistory"/>) and answers NAKs by
/// re-sending those frames to the group, verbatim. Several subscribers' NAKs for the same frame within
/// <see cref="RepairOptions.RepairHoldoff"/> are answered by one retransmission (NORM's repair coalescing), and at most
/// <see cref="RepairOptions.MaxRetransmissionsPerSecond"/> frames are re-sent per second, in windows of 100 ms, so that
/// no NAK (forged, replayed, or from a subscriber that lost everything) makes it send without bound. Thread-safe.
/// </summary>
internal sealed class ReliableSender
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly RetransmissionHistory _history;
    private readonly RepairOptions _options;
    private readonly int _budgetPerWindow;
    private TimeSpan? _windowStart;
    private int _spentInWindow;
    private long _naksReceived;
    private long _retransmissions;
    private long _notRetained;
    private long _rateLimited;

    public ReliableSender(HistoryOptions history, RepairOptions options, SendPacer? pacer = null)
    {
        _history = new RetransmissionHistory(history.Count, history.Bytes);
        Pacer = pacer ?? new SendPacer(options.HoldBackCount);
        _options = options;
        _budgetPerWindow = Math.Max(1, options.MaxRetransmissionsPerSecond / 10);
    }

    /// <summary>A frame to re-send: a rented copy of its bytes (the sender returns it to the pool, as a transport's send does) and where.</summary>
    public readonly record struct Repair(byte[] RentedBuffer, int Length, TransportDestination Destination);

    /// <summary>Paces new datagrams when NAKs say a subscriber is overrun; fed by <see cref="Record"/> and the NAKs.</summary>
    public SendPacer Pacer { get; }

    /// <summary>NAKs naming this publisher that were read.</summary>
    public long NaksReceived => Interlocked.Read(ref _naksReceived);

    /// <summary>Frames re-sent.</summary>
    public long Retransmissions => Interlocked.Read(ref _retransmissions);

    /// <summary>Numbers asked for that were no longer (or never) kept: the asker will count them unrecoverable.</summary>
    public long NotRetained => Interlocked.Read(ref _notRetained);

    /// <summary>Frames not re-sent because the per-second limit was reached.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>The oldest and newest publication numbers kept, or null when nothing is.</summary>
    public (ulong Oldest, ulong Newest)? Retained
    {
        get
        {
            lock (_gate)
            {
                return _history.Oldest is { } oldest ? (oldest, _history.Newest!.Value) : null;
            }
        }
    }

    /// <summary>
    /// Keeps the frame just sent of publications <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1;
    /// for a fragment frame (<paramref name="count"/> 1), <paramref name="fragment"/> says which bytes of the publication it carries.
    /// </summary>
    public void Record(ulong first, int count, ReadOnlySpan<byte> frame, TransportDestination destination, FragmentSpan? fragment = null)
    {
        lock (_gate)
        {
            _history.Add(first, count, frame, destination, fragment);
        }

        Pacer.OnSent();
    }

    /// <summary>
    /// Answers a NAK for <paramref name="ranges"/>: adds to <paramref name="resend"/> a copy of each kept frame they touch,
    /// unless it was re-sent within the holdoff or the rate limit is reached. The caller sends them after this returns,
    /// outside this lock (publishing takes it under the bus's publish lock).
    /// </summary>
    public void OnNak(ReadOnlySpan<SequenceRange> ranges, TimeSpan now, List<Repair> resend)
    {
        Interlocked.Increment(ref _naksReceived);
        var firstNaked = 0;
        ulong lag = 0;
        lock (_gate)
        {
            foreach (var range in ranges)
            {
                firstNaked += RepairRange(range, now, resend);
                if (_history.Newest is { } newest && newest >= range.First && range.First >= _history.Oldest)
                {
                    lag = Math.Max(lag, newest - range.First);
                }
            }
        }

        Pacer.OnNaked(firstNaked, lag);
    }

    /// <summary>
    /// Answers a fragment NAK (kind 6) for the bytes <paramref name="missing"/> of publication <paramref name="publication"/>:
    /// adds to <paramref name="resend"/> a copy of each kept fragment frame of it that carries any of them (a frame that
    /// held it whole, if it was not fragmented), under the same holdoff and rate limit as <see cref="OnNak"/>.
    /// </summary>
    public void OnFragmentNak(ulong publication, ReadOnlySpan<FragmentSpan> missing, TimeSpan now, List<Repair> resend)
    {
        Interlocked.Increment(ref _naksReceived);
        lock (_gate)
        {
            var index = _history.IndexOf(publication);
            if (index < 0)
            {
                _notRetained++;
                return;
            }

            // Its fragments are consecutive entries of this one number; a NAK of 64 runs walks at most those.
            for (; index < _history.Count; index++)
            {
                ref var entry = ref _history.At(index);
                if (entry.First != publication)
                {
                    break;
                }

                if (!entry.Fragment.IsEmpty && !AnyOverlaps(entry.Fragment, missing))
                {
                    continue;
                }

                Answer(ref entry, now, resend);
            }
        }
    }

    /// <summary>
    /// Adds to <paramref name="resend"/> a copy of every kept frame from publication <paramref name="from"/> on, oldest
    /// first (a late joiner's history), within the same rate limit; returns how many.
    /// </summary>
    public int ResendFrom(ulong from, TimeSpan now, List<Repair> resend)
    {
        lock (_gate)
        {
            var count = 0;
            for (var i = 0; i < _history.Count; i++)
            {
                ref var entry = ref _history.At(i);
                if (entry.Last >= from && TrySpend(now))
                {
                    Send(ref entry, now, resend);
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>Returns the kept buffers: the bus is closing.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _history.Clear();
        }
    }

    // Returns how many of the frames touched no NAK had named before.
    private int RepairRange(SequenceRange range, TimeSpan now, List<Repair> resend)
    {
        if (_history.Oldest is not { } oldest || range.Last < oldest || range.First > _history.Newest)
        {
            _notRetained += range.Count;
            return 0;
        }

        // Only the kept part is walked, frame by frame: a NAK naming 2^32 numbers costs what the history holds, no more.
        if (range.First < oldest)
        {
            _notRetained += (long)(oldest - range.First);
        }

        var firstNaked = 0;
        var index = _history.IndexOf(Math.Max(range.First, oldest));
        for (; index >= 0 && index < _history.Count; index++)
        {
            ref var entry = ref _history.At(index);
            if (entry.First > range.Last)
            {
                break;
            }

            if (!entry.Naked)
            {
                entry.Naked = true;
                firstNaked++;
            }

            Answer(ref entry, now, resend);
        }

        return firstNaked;
    }

    private static bool AnyOverlaps(FragmentSpan fragment, ReadOnlySpan<FragmentSpan> missing)
    {
        foreach (var span in missing)
        {
            if (span.Overlaps(fragment))
            {
                return true;
            }
        }

        return false;
    }

    private bool TrySpend(TimeSpan now)
    {
        if (_windowStart is not { } start || now - start >= RateWindow)
        {
            _windowStart = now;
            _spentInWindow = 0;
        }

        if (_spentInWindow >= _budgetPerWindow)
        {
            return false;
        }

        _spentInWindow++;
        return true;
    }

    // A NAK's answer for one kept frame: none if it was re-sent within the holdoff (that repair answers this NAK too),
    // none beyond the rate limit (counted), else the frame again.
    private void Answer(ref RetransmissionHistory.Entry entry, TimeSpan now, List<Repair> resend)
    {
        if (entry.LastRepaired is { } last && now - last < _options.RepairHoldoff)
        {
            return;
        }

        if (!TrySpend(now))
        {
            _rateLimited++;
            return;
        }

        Send(ref entry, now, resend);
    }

    private void Send(ref RetransmissionHistory.Entry entry, TimeSpan now, List<Repair> resend)
    {
        entry.LastRepaired = now;
        var copy = ArrayPool<byte>.Shared.Rent(entry.Length);
        entry.Buffer.AsSpan(0, entry.Length).CopyTo(copy);
        _retransmissions++;
        resend.Add(new Repair(copy, entry.Length, entry.Destination));
    }
}
