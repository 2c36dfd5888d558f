using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// A <see cref="MulticastBus.Subscribe{T}"/> subscription: calls the handler on the receive loop until disposed.
/// </summary>
internal sealed class HandlerSubscription<T>(MulticastBus bus, Action<T, RemoteInfo> handler) : ISubscriber<T>, IDisposable
    where T : Contracts.IDatagram<T>
{
    // Held while the handler runs, so that Dispose returning on another thread means no call is running or will start;
    // the handler itself may dispose its subscription (the lock is re-entrant).
    private readonly Lock _gate = new();
    private bool _ended;

    public void Deliver(T message, RemoteInfo from, long cost)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            try
            {
                handler(message, from);
            }
            catch (Exception error)
            {
                bus.ReportHandlerError(error);
            }
        }
    }

    public void End()
    {
        lock (_gate)
        {
            _ended = true;
        }
    }

    /// <summary>Stops delivery at once: when this returns, the handler is not running and will not be called again.</summary>
    public void Dispose()
    {
        End();
        bus.Unsubscribe(this);
    }
}
