namespace TypedDgram.Sockets;

public sealed partial class DgramSocket
{
    /// <summary>
    /// Counts the socket again among those that keep the program alive (<see cref="Dgram.WhenUnreferenced"/>) while
    /// it is bound and open; the default. Calling it again has no further effect.
    /// </summary>
    /// <returns>This socket.</returns>
    public DgramSocket Ref() => SetReferenced(true);

    /// <summary>
    /// Stops counting the socket among those that keep the program alive (<see cref="Dgram.WhenUnreferenced"/>); it
    /// keeps working. Calling it again has no further effect.
    /// </summary>
    /// <returns>This socket.</returns>
    public DgramSocket Unref() => SetReferenced(false);

    /// <summary>
    /// Closes the socket and stops receiving; <see cref="Closed"/> then <paramref name="callback"/> follow, and no
    /// <see cref="Message"/> after. They wait for a handler running on the receive loop to return, but at most 2 seconds. A bind or lookup still pending is dropped silently; queued sends fail with
    /// <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> (to their callbacks or tasks). Throws <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when
    /// already closed.
    /// </summary>
    /// <param name="callback">Called once the socket has closed.</param>
    /// <returns>This socket.</returns>
    public DgramSocket Close(Action? callback = null)
    {
        CloseCore(callback, throwIfClosed: true);
        return this;
    }

    /// <summary>Closes the socket if it is open (Node's <c>close()</c>, without the error when already closed).</summary>
    public void Dispose() => CloseCore(null, throwIfClosed: false);

    /// <summary>Closes the socket if it is open and completes once <see cref="Closed"/> has been raised (Node's <c>[Symbol.asyncDispose]</c>); idempotent.</summary>
    public ValueTask DisposeAsync()
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return CloseCore(() => closed.TrySetResult(), throwIfClosed: false) ? new ValueTask(closed.Task) : ValueTask.CompletedTask;
    }

    private DgramSocket SetReferenced(bool referenced)
    {
        lock (_gate)
        {
            _referenced = referenced;
            UpdateKeepAlive();
        }
        return this;
    }

    private bool CloseCore(Action? callback, bool throwIfClosed)
    {
        ISocketEngine engine;
        List<SendRequest> sends;
        Completion? bind;
        Completion? connect;
        lock (_gate)
        {
            if (_engine is null)
            {
                return throwIfClosed ? throw DgramErrors.NotRunning() : false;
            }
            engine = _engine;
            _engine = null;
            UpdateKeepAlive();
            sends = _sendQueue.CloseLocked();
            _receiveLoop?.Stop();
            bind = _bindCompletion;
            _bindCompletion = null;
            connect = _connectCompletion;
            _connectCompletion = null;
            _pendingConnect = null;
        }
        _signalRegistration.Unregister();
        _receiveLoop?.Wake();
        engine.Dispose();
        _sendQueue.FailAll(sends, DgramErrors.NotRunning());
        // 'close' comes after the receive loop has ended, so a handler running when Close was called has returned
        // (and counted what it handled) before Closed and DisposeAsync complete. A handler that calls Close itself
        // returns first, which ends the loop: no deadlock.
        // A handler blocked on the loop must not hold DisposeAsync forever: after ReceiveLoopWaitOnClose, Closed is
        // raised while that handler still runs (the loop is stopped, so no Message follows it).
        Receiving.WaitAsync(ReceiveLoopWaitOnClose).ContinueWith(
            _ => _events.Post(() =>
            {
                CompleteOnClose(bind);
                CompleteOnClose(connect);
                Closed?.Invoke();
                callback?.Invoke();
            }),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return true;
    }

    /// <summary>How long a close waits for a <see cref="Message"/> handler (or a receiver of a layer above) running on the receive loop before it raises <see cref="Closed"/> anyway.</summary>
    internal static readonly TimeSpan ReceiveLoopWaitOnClose = TimeSpan.FromSeconds(2);

    /// <summary>A bind or connect cut short by <c>Close</c>: tasks fail with <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c>; Node-style callbacks are not called.</summary>
    private static void CompleteOnClose(Completion? completion)
    {
        if (completion is { CompletesOnClose: true })
        {
            completion.Complete(DgramErrors.NotRunning());
        }
    }
}
