namespace TypedDgram.PubSub;

/// <summary>
/// A bus's heartbeats (docs/wire-format.md, section 7, "Heartbeats"): once it has published, whenever it has been idle
/// for a heartbeat period, it announces its highest publication number and its lease in a heartbeat frame (the bus
/// numbers those from 0 on their own, as every control kind's).
/// </summary>
/// <remarks>
/// Idle is seen without touching the publish path: the timer ticks every half period and compares the bus's count of
/// publications with the last tick's, so a heartbeat goes one to one and a half periods after the last publication,
/// then one every period while the bus stays idle. A busy publisher sends none: its publications say it is alive, and
/// a gap in them reveals itself. A bus that has never published sends none: it is no publisher, and announcing every
/// subscriber (a <c>tdg stats</c> included) to every other bus of the group would be noise; a program that wants to be
/// seen alive before it has anything to say publishes once (a status contract).
/// </remarks>
internal sealed class HeartbeatSender : IAsyncDisposable
{
    private const int TicksPerPeriod = 2;

    private readonly long _leaseMilliseconds;
    private readonly Func<ulong> _published;
    private readonly Send _send;
    private readonly Timer? _timer;
    private int _ticking;

    private ulong _publishedAtLastTick;
    private int _quietTicks;
    private long _sent;

    /// <summary>
    /// Heartbeats every <paramref name="period"/> (<see cref="Timeout.InfiniteTimeSpan"/>: none) announcing a lease of
    /// <paramref name="leaseMilliseconds"/>; <paramref name="published"/> is the bus's count of publications (its next
    /// number), <paramref name="send"/> sends one frame. The timer starts at once.
    /// </summary>
    public HeartbeatSender(TimeSpan period, long leaseMilliseconds, Func<ulong> published, Send send)
    {
        _leaseMilliseconds = leaseMilliseconds;
        _published = published;
        _send = send;
        if (period != Timeout.InfiniteTimeSpan)
        {
            var tick = period / TicksPerPeriod;
            _timer = new Timer(static state => (((WeakReference)state!).Target as HeartbeatSender)?.OnTimer(), new WeakReference(this), tick, tick);
        }
    }

    /// <summary>Sends a heartbeat frame with <paramref name="body"/>; false when nothing was sent (the bus is closing).</summary>
    public delegate bool Send(ReadOnlySpan<byte> body);

    /// <summary>Heartbeats sent (handed to the link).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>One tick: what the timer runs every half period (and tests call directly). Not reentrant: the timer's calls do not overlap.</summary>
    internal void Tick()
    {
        var published = _published();
        if (published == 0)
        {
            return;
        }

        if (published != _publishedAtLastTick)
        {
            _publishedAtLastTick = published;
            _quietTicks = 0;
            return;
        }

        if (++_quietTicks < TicksPerPeriod)
        {
            return;
        }

        _quietTicks = 0;
        Span<byte> body = stackalloc byte[HeartbeatBody.MaxLength];
        var length = HeartbeatBody.Write(body, published - 1, _leaseMilliseconds);
        if (_send(body[..length]))
        {
            Interlocked.Increment(ref _sent);
        }
    }

    /// <summary>Stops the timer and waits for a tick under way.</summary>
    public ValueTask DisposeAsync() => _timer?.DisposeAsync() ?? ValueTask.CompletedTask;

    // A tick that is late (a loaded machine) must not run beside the next one: skip the next instead.
    private void OnTimer()
    {
        if (Interlocked.Exchange(ref _ticking, 1) != 0)
        {
            return;
        }

        try
        {
            Tick();
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }
}
