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
            if (Volatile.Read(ref _ended))
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

    /// <summary>
    /// The bus is closing: no handler call starts after this returns. It does not wait for a call already running (the
    /// bus waits for that only as long as its socket's close does), so a stuck handler cannot hold the bus's dispose.
    /// </summary>
    public void End() => Volatile.Write(ref _ended, true);

    /// <summary>Stops delivery at once: when this returns, the handler is not running and will not be called again.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            Volatile.Write(ref _ended, true);
        }

        bus.Unsubscribe(this);
    }
}
