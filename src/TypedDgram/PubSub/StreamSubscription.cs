using System.Runtime.CompilerServices;
using System.Threading.Channels;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// A <see cref="MulticastBus.SubscribeAsync{T}"/> subscription: a bounded queue between the receive loop and one
/// consumer, bounded both in publications (<see cref="MulticastOptions.StreamCapacity"/>) and in the estimated bytes they
/// hold (<see cref="HeldBytes.Max"/>, as a unicast <c>ReceiveAsync</c> stream is: a count alone let a stalled consumer hold
/// the capacity times the largest decoded message, issue 16). It subscribes when created (so nothing published after the call is missed) and unsubscribes when the
/// enumeration ends, its token is cancelled, or the bus closes.
/// </summary>
internal sealed class StreamSubscription<T> : ISubscriber<T>, IAsyncEnumerable<(T Message, RemoteInfo From)>
    where T : Contracts.IDatagram<T>
{
    // The meter's type id tag, boxed once per contract (OpenTelemetry tag values are long, not uint).
    private static readonly object BoxedTypeId = (long)T.TypeId;

    private readonly MulticastBus _bus;
    private readonly Channel<Held> _queue;
    private readonly HeldBytes _held = new();
    private readonly CancellationToken _cancellationToken;
    private CancellationTokenRegistration _registration;
    private volatile bool _ended;
    private int _enumerated;

    public StreamSubscription(MulticastBus bus, int capacity, CancellationToken cancellationToken)
    {
        _bus = bus;
        _cancellationToken = cancellationToken;

        // Wait mode only so that TryWrite says when the queue is full: the receive loop never waits, it drops and counts.
        _queue = Channel.CreateBounded<Held>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
    }

    /// <summary>Ties the subscription to its token; called once the bus has added it, so a cancelled token removes it.</summary>
    public void Activate() => _registration = _cancellationToken.Register(Unsubscribe);

    public void Deliver(T message, RemoteInfo from, long cost)
    {
        if (_ended)
        {
            return;
        }

        if (!_held.TryTake(cost))
        {
            CountDropped();
            return;
        }

        if (!_queue.Writer.TryWrite(new Held(message, from, cost)))
        {
            _held.Release(cost);
            if (!_ended)
            {
                CountDropped();
            }
        }
    }

    private void CountDropped()
    {
        _bus.CountDropped();
        PubSubTelemetry.StreamDropped(BoxedTypeId);
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
                _held.Release(item.Cost);
                yield return (item.Message, item.From);
            }
        }
        finally
        {
            Unsubscribe();
        }
    }

    /// <summary>A publication waiting in the queue, with the estimated bytes it holds.</summary>
    private readonly record struct Held(T Message, RemoteInfo From, long Cost);

    private void Unsubscribe()
    {
        End();
        _registration.Dispose();
        _bus.Unsubscribe(this);
    }
}
