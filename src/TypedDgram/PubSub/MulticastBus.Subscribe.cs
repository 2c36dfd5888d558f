using System.Globalization;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

public sealed partial class MulticastBus
{
    /// <summary>
    /// Calls <paramref name="handler"/> on the receive loop with every publication of <typeparamref name="T"/> (and its
    /// sender) from now on, each sequence number of each publisher at most once. Disposing the result stops delivery at
    /// once. A handler's exception goes to <see cref="Error"/>; the loop goes on.
    /// </summary>
    /// <typeparam name="T">A <c>[Datagram]</c> contract.</typeparam>
    /// <param name="handler">Called with each publication and its sender.</param>
    public IDisposable Subscribe<T>(Action<T, RemoteInfo> handler)
        where T : IDatagram<T>
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new HandlerSubscription<T>(this, handler);
        Add(subscription);
        return subscription;
    }

    /// <summary>
    /// The publications of <typeparamref name="T"/> from now on, as a stream for one <c>await foreach</c>. It ends when
    /// the bus is disposed; cancelling <paramref name="cancellationToken"/> ends it with an <see cref="OperationCanceledException"/>.
    /// A consumer more than <see cref="MulticastOptions.StreamCapacity"/> publications behind loses the newest, counted in
    /// <see cref="BusStats.Dropped"/>.
    /// </summary>
    /// <typeparam name="T">A <c>[Datagram]</c> contract.</typeparam>
    /// <param name="cancellationToken">Ends the subscription.</param>
    public IAsyncEnumerable<(T Message, RemoteInfo From)> SubscribeAsync<T>(CancellationToken cancellationToken = default)
        where T : IDatagram<T>
    {
        var subscription = new StreamSubscription<T>(this, _options.StreamCapacity, cancellationToken);
        Add(subscription);
        subscription.Activate();
        return subscription;
    }

    /// <summary>Removes a subscription (idempotent).</summary>
    internal void Unsubscribe<T>(ISubscriber<T> subscriber)
        where T : IDatagram<T>
    {
        lock (_gate)
        {
            if (_subscriptions.TryGetValue(T.TypeId, out var entry))
            {
                ((TypeSubscriptions<T>)entry).Remove(subscriber);
            }
        }
    }

    private void Add<T>(ISubscriber<T> subscriber)
        where T : IDatagram<T>
    {
        ThrowIfAuthenticatedWithoutKey<T>("subscribe to");
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            if (!_subscriptions.TryGetValue(T.TypeId, out var entry))
            {
                entry = new TypeSubscriptions<T>();
                Volatile.Write(ref _subscriptions, new Dictionary<uint, TypeSubscriptions>(_subscriptions) { [T.TypeId] = entry });
            }
            else if (entry.ContractType != typeof(T))
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{typeof(T).FullName} has type id {T.TypeId}, which this bus already delivers as {entry.ContractType.FullName}; give one of them another [Datagram(Id = ...)]."));
            }

            ((TypeSubscriptions<T>)entry).Add(subscriber);
        }
    }

    private void EndSubscriptions()
    {
        lock (_gate)
        {
            foreach (var entry in _subscriptions.Values)
            {
                entry.EndAll();
            }
        }
    }
}
