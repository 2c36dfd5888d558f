using System.Runtime.CompilerServices;
using System.Threading.Channels;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// A <see cref="MulticastBus.SubscribeAsync{T}"/> subscription: a bounded queue between the receive loop and one
/// consumer. It subscribes when created (so nothing published after the call is missed) and unsubscribes when the
/// enumeration ends, its token is cancelled, or the bus closes.
/// </summary>
internal sealed class StreamSubscription<T> : ISubscriber<T>, IAsyncEnumerable<(T Message, RemoteInfo From)>
    where T : Contracts.IDatagram<T>
{
    // The meter's type id tag, boxed once per contract (OpenTelemetry tag values are long, not uint).
    private static readonly object BoxedTypeId = (long)T.TypeId;

    private readonly MulticastBus _bus;
    private readonly Channel<(T Message, RemoteInfo From)> _queue;
    private readonly CancellationToken _cancellationToken;
    private CancellationTokenRegistration _registration;
    private volatile bool _ended;
    private int _enumerated;

    public StreamSubscription(MulticastBus bus, int capacity, CancellationToken cancellationToken)
    {
        _bus = bus;
        _cancellationToken = cancellationToken;

        // Wait mode only so that TryWrite says when the queue is full: the receive loop never waits, it drops and counts.
        _queue = Channel.CreateBounded<(T, RemoteInfo)>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
    }

    /// <summary>Ties the subscription to its token; called once the bus has added it, so a cancelled token removes it.</summary>
    public void Activate() => _registration = _cancellationToken.Register(Unsubscribe);

    public void Deliver(T message, RemoteInfo from)
    {
        if (!_queue.Writer.TryWrite((message, from)) && !_ended)
        {
            _bus.CountDropped();
            PubSubTelemetry.StreamDropped(BoxedTypeId);
        }
    }

    public void End()
    {
        _ended = true;
        _queue.Writer.TryComplete();
    }

    public IAsyncEnumerator<(T Message, RemoteInfo From)> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        // Checked here rather than in the iterator, whose body runs only at the first MoveNextAsync.
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            throw new InvalidOperationException("A SubscribeAsync stream can be enumerated once; call SubscribeAsync again for another consumer.");
        }

        return ReadAsync(cancellationToken);
    }

    private async IAsyncEnumerator<(T Message, RemoteInfo From)> ReadAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken, cancellationToken);
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(linked.Token).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            Unsubscribe();
        }
    }

    private void Unsubscribe()
    {
        End();
        _registration.Dispose();
        _bus.Unsubscribe(this);
    }
}
