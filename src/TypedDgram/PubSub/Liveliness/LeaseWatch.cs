namespace TypedDgram.PubSub;

/// <summary>
/// Wakes a bus when the next publisher's lease may have run out, so that <see cref="MulticastBus.PublisherLost"/> is
/// raised as soon as a lease expires rather than at the next tick of a fixed clock. It is armed at the earliest
/// expiry known (a new publisher, a heartbeat announcing a shorter lease); each wake-up ends the leases that ran out and
/// re-arms at the earliest of those still running, which publications may have pushed back meanwhile.
/// </summary>
internal sealed class LeaseWatch : IAsyncDisposable
{
    // A floor between wake-ups, so that leases running out one after another cost a wake-up per few milliseconds at most.
    private const long MinimumDelayMilliseconds = 5;

    private readonly Lock _gate = new();
    private readonly Func<long, long> _expire;
    private readonly Timer _timer;
    private long _dueAt = long.MaxValue;
    private bool _disposed;

    /// <summary>
    /// <paramref name="expire"/> ends the leases run out by the time it is given (<see cref="Environment.TickCount64"/>)
    /// and returns when the next one runs out (<see cref="long.MaxValue"/>: none is running).
    /// </summary>
    public LeaseWatch(Func<long, long> expire)
    {
        _expire = expire;
        _timer = new Timer(static state => (((WeakReference)state!).Target as LeaseWatch)?.OnTimer(), new WeakReference(this), Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Makes sure the watch wakes by <paramref name="dueAt"/> (<see cref="Environment.TickCount64"/> milliseconds).</summary>
    public void Arm(long dueAt)
    {
        lock (_gate)
        {
            if (_disposed || dueAt >= _dueAt)
            {
                return;
            }

            _dueAt = dueAt;
            _timer.Change(Math.Max(dueAt - Environment.TickCount64, MinimumDelayMilliseconds), Timeout.Infinite);
        }
    }

    /// <summary>Stops the watch and waits for a wake-up under way.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        return _timer.DisposeAsync();
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            _dueAt = long.MaxValue;
        }

        // Ends what ran out (the expiry is 1 ms past the lease, as PublisherLease.Expire counts it) and re-arms.
        Arm(_expire(Environment.TickCount64));
    }
}
