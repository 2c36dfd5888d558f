using System.Diagnostics;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// The subscriber's side of reliable mode: an <see cref="OrderedStream"/> per publisher (at most the bus's
/// <see cref="MulticastOptions.MaxPublishers"/>, the least recently heard forgotten beyond it), and the timer that runs
/// their NAK rounds and deadlines while any has a gap. Publications are delivered in order per publisher, one at a time:
/// from the receive loop, or from the timer when a deadline gives a gap up; both under one lock. Thread-safe.
/// </summary>
internal sealed class ReliableReceiver : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, Tracked> _streams = [];
    private readonly HashSet<OrderedStream> _pending = [];
    private readonly int _maxPublishers;
    private readonly RepairOptions _options;
    private readonly Random _random;
    private readonly bool _authenticated;
    private readonly OrderedDelivery _deliver;
    private readonly NakSender _sendNak;
    private readonly IPartialRepair? _partial;

    // With LateJoin: asks a newly heard publisher for its history, and how long a new stream waits for it.
    private readonly Action<ulong>? _requestHistory;
    private readonly TimeSpan _joinWait;
    private readonly Func<TimeSpan> _clock;
    private readonly Timer _timer;
    private readonly TimeSpan _tick;
    private bool _ticking;
    private bool _disposed;
    private long _heard;
    private ReliabilityCounts _forgotten;

    public ReliableReceiver(
        int maxPublishers, RepairOptions options, bool authenticated, OrderedDelivery deliver, NakSender sendNak,
        Action<ulong>? requestHistory = null, Func<TimeSpan>? clock = null, Random? random = null, IPartialRepair? partial = null)
    {
        _partial = partial;
        _requestHistory = requestHistory;

        // Five holdoffs (100 ms by default): the request's and the first re-sent frame's round trip, with room to spare.
        _joinWait = options.NakHoldoff * 5;
        _maxPublishers = maxPublishers;
        _options = options;
        _authenticated = authenticated;
        _deliver = deliver;
        _sendNak = sendNak;
        var start = Stopwatch.GetTimestamp();
        _clock = clock ?? (() => Stopwatch.GetElapsedTime(start));
        _random = random ?? Random.Shared;

        // A quarter of the shortest timer, within 1 to 10 ms: a NAK leaves at most that late.
        var shortest = options.NakBackoff < options.NakHoldoff ? options.NakBackoff : options.NakHoldoff;
        _tick = TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, TimeSpan.TicksPerMillisecond, 10 * TimeSpan.TicksPerMillisecond));
        _timer = new Timer(static state => ((ReliableReceiver)state!).Poll(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Takes publication <paramref name="number"/> of <paramref name="publisherId"/>; delivers it and what it unblocks, holds it, or drops it.</summary>
    public ArrivalVerdict OnPublication(ulong publisherId, ulong number, ReadOnlyMemory<byte> payload, int payloadOffset, RemoteInfo from)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return ArrivalVerdict.Ignored;
            }

            var stream = StreamOf(publisherId, number);
            var now = _clock();
            var verdict = stream.Arrive(number, payload, payloadOffset, from, now);

            // The timer runs the NAK rounds, but a subscriber busy receiving (the case that needs repair most: it is
            // being overrun) can starve the timer's thread for tens of milliseconds; an arrival runs a round that is
            // due itself, at most once per tick.
            if (stream.NeedsPolling && now - stream.LastPolled >= _tick)
            {
                stream.Poll(now, _sendNak);
            }

            Watch(stream);
            return verdict;
        }
    }

    /// <summary>Another subscriber's NAK to <paramref name="publisherId"/>: suppresses this one's NAK for the same numbers.</summary>
    public void OnOthersNak(ulong publisherId, ReadOnlySpan<SequenceRange> ranges)
    {
        lock (_gate)
        {
            if (_streams.TryGetValue(publisherId, out var tracked))
            {
                tracked.Stream.SuppressBy(ranges);
            }
        }
    }

    /// <summary>A publisher announced its newest number (a heartbeat): a lost tail becomes a gap to repair.</summary>
    public void OnAnnounced(ulong publisherId, ulong highest)
    {
        lock (_gate)
        {
            if (!_disposed && _streams.TryGetValue(publisherId, out var tracked))
            {
                tracked.Stream.Announce(highest, _clock());
                Watch(tracked.Stream);
            }
        }
    }

    /// <summary>A publisher is gone (its lease expired): what it left held is delivered and its gaps given up now.</summary>
    public void OnPublisherLost(ulong publisherId)
    {
        lock (_gate)
        {
            if (!_disposed && _streams.TryGetValue(publisherId, out var tracked))
            {
                tracked.Stream.Abandon();
                Watch(tracked.Stream);
            }
        }
    }

    /// <summary>The repair counts of <paramref name="publisherId"/>, or null if it is not tracked.</summary>
    public ReliabilityCounts? CountsOf(ulong publisherId)
    {
        lock (_gate)
        {
            return _streams.TryGetValue(publisherId, out var tracked) ? ReliabilityCounts.Of(tracked.Stream) : null;
        }
    }

    /// <summary>The repair counts summed over every publisher heard, forgotten ones included.</summary>
    public ReliabilityCounts Totals()
    {
        lock (_gate)
        {
            var total = _forgotten;
            foreach (var tracked in _streams.Values)
            {
                total += ReliabilityCounts.Of(tracked.Stream);
            }

            return total;
        }
    }

    /// <summary>Runs every pending stream's NAK round and deadline; the timer calls it, tests may too.</summary>
    public void Poll()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _clock();
            foreach (var stream in _pending.ToArray())
            {
                stream.Poll(now, _sendNak);
                if (!stream.NeedsPolling)
                {
                    _pending.Remove(stream);
                }
            }

            if (_pending.Count == 0 && _ticking)
            {
                _ticking = false;
                _timer.Change(Timeout.Infinite, Timeout.Infinite);
            }
        }
    }

    /// <summary>Stops the timer and returns held buffers; nothing is delivered after it returns.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer.Dispose();
            foreach (var tracked in _streams.Values)
            {
                tracked.Stream.Clear();
            }

            _pending.Clear();
        }
    }

    private OrderedStream StreamOf(ulong publisherId, ulong first)
    {
        if (_streams.TryGetValue(publisherId, out var tracked))
        {
            tracked.LastHeard = ++_heard;
            return tracked.Stream;
        }

        if (_streams.Count >= _maxPublishers)
        {
            Forget();
        }

        TimeSpan? joinUntil = _requestHistory is null ? null : _clock() + _joinWait;
        tracked = new Tracked(new OrderedStream(publisherId, first, _options, _random, _authenticated, _deliver, joinUntil, _partial)) { LastHeard = ++_heard };
        _streams.Add(publisherId, tracked);
        _requestHistory?.Invoke(publisherId);
        return tracked.Stream;
    }

    // The least recently heard publisher goes: what it held is delivered, its gaps given up, its counts kept in the totals.
    private void Forget()
    {
        var oldest = _streams.Values.MinBy(tracked => tracked.LastHeard)!;
        oldest.Stream.Abandon();
        _forgotten += ReliabilityCounts.Of(oldest.Stream);
        _pending.Remove(oldest.Stream);
        _streams.Remove(oldest.Stream.PublisherId);
    }

    private void Watch(OrderedStream stream)
    {
        if (!stream.NeedsPolling)
        {
            _pending.Remove(stream);
            return;
        }

        _pending.Add(stream);
        if (!_ticking)
        {
            _ticking = true;
            _timer.Change(_tick, _tick);
        }
    }

    private sealed class Tracked(OrderedStream stream)
    {
        public OrderedStream Stream { get; } = stream;

        public long LastHeard { get; set; }
    }
}
