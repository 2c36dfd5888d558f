namespace TypedDgram.Sockets;

/// <summary>
/// A socket's <c>Error</c> events, apart from its other events: raised later on the thread pool, one at a time, in
/// order, but at most <see cref="Capacity"/> waiting. Anyone who can reach the port can make errors (each malformed
/// datagram is one), faster than a handler that logs can take them; beyond the bound an error is dropped and counted
/// (<see cref="Dropped"/>, the <c>typeddgram.socket.errors.dropped</c> counter and the standard-error summary), and
/// send callbacks and <c>Closed</c>, which run on the socket's <see cref="EventQueue"/>, never wait behind them.
/// </summary>
/// <remarks>
/// Measured before this lane (issue 16): 1,000,000 six-byte datagrams at a 50 µs handler queued 245 MB of errors and
/// delayed a send callback and <c>DisposeAsync</c> by 37.6 s. At 1,024 waiting errors of ~300 bytes the lane holds
/// about 300 KB, and the handler is at most 1,024 calls behind the network.
/// </remarks>
internal sealed class ErrorLane(Action<Exception> raise, Action<long> onDropped) : IThreadPoolWorkItem
{
    /// <summary>How many errors may wait for the handler; more are dropped and counted.</summary>
    public const int Capacity = 1024;

    private readonly Lock _gate = new();
    private readonly Queue<Exception> _pending = new();
    private readonly List<TaskCompletionSource> _whenIdle = [];
    private bool _scheduled;
    private long _dropped;

    /// <summary>How many errors were dropped because <see cref="Capacity"/> were already waiting.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Raises <paramref name="error"/> later, or drops and counts it when <see cref="Capacity"/> errors wait.</summary>
    public void Post(Exception error)
    {
        lock (_gate)
        {
            if (_pending.Count >= Capacity)
            {
                Interlocked.Increment(ref _dropped);
                onDropped(1);
                return;
            }
            _pending.Enqueue(error);
            if (_scheduled)
            {
                return;
            }
            _scheduled = true;
        }
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Completes once no error waits: every error posted before this call (and any after it, until the lane empties) has been raised or dropped.</summary>
    public Task WhenIdle()
    {
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (!_scheduled)
            {
                return Task.CompletedTask;
            }
            _whenIdle.Add(delivered);
        }
        return delivered.Task;
    }

    void IThreadPoolWorkItem.Execute()
    {
        while (true)
        {
            Exception error;
            lock (_gate)
            {
                if (!_pending.TryDequeue(out error!))
                {
                    _scheduled = false;
                    foreach (var idle in _whenIdle)
                    {
                        idle.TrySetResult();
                    }
                    _whenIdle.Clear();
                    return;
                }
            }
            // raise never throws: UserCallbacks.RaiseError hands a throwing handler's exception to Dgram.UnhandledError.
            raise(error);
        }
    }
}
