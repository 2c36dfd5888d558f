namespace TypedDgram.Sockets;

/// <summary>
/// One socket's "next tick": events and callbacks posted here run later on the thread pool, one at a time, in
/// the order they were posted — never inside the call that caused them, as in Node.
/// </summary>
internal sealed class EventQueue(Action<Exception> onHandlerException) : IThreadPoolWorkItem
{
    private readonly Lock _gate = new();
    private readonly Queue<Action> _pending = new();
    private bool _scheduled;

    public void Post(Action action)
    {
        lock (_gate)
        {
            _pending.Enqueue(action);
            if (_scheduled)
            {
                return;
            }
            _scheduled = true;
        }
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>Completes once everything posted before this call has run.</summary>
    public Task WhenDelivered()
    {
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() => delivered.TrySetResult());
        return delivered.Task;
    }

    void IThreadPoolWorkItem.Execute()
    {
        while (true)
        {
            Action action;
            lock (_gate)
            {
                if (!_pending.TryDequeue(out action!))
                {
                    _scheduled = false;
                    return;
                }
            }
            try
            {
                action();
            }
            catch (Exception exception)
            {
                // A throwing listener must not stop the queue: the socket reports it (Node would crash the process).
                onHandlerException(exception);
            }
        }
    }
}
