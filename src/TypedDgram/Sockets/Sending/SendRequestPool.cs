namespace TypedDgram.Sockets;

/// <summary>
/// A socket's spare <see cref="SendRequest"/>s, so that sending allocates nothing once as many requests exist as are
/// ever in flight at once. Bounded: a burst that queued thousands of sends leaves at most <see cref="Capacity"/> behind.
/// </summary>
internal sealed class SendRequestPool
{
    private const int Capacity = 2048;

    private readonly Lock _gate = new();
    private readonly Stack<SendRequest> _spare = new();

    /// <summary>A request for one send: a spare one, or a new one when none is left.</summary>
    public SendRequest Rent()
    {
        lock (_gate)
        {
            if (_spare.TryPop(out var request))
            {
                return request;
            }
        }
        return new SendRequest(this);
    }

    /// <summary>Takes back a request nobody holds any more.</summary>
    public void Return(SendRequest request)
    {
        lock (_gate)
        {
            if (_spare.Count < Capacity)
            {
                _spare.Push(request);
            }
        }
    }
}
