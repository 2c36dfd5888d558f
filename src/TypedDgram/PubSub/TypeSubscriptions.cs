using MessagePack;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// The subscriptions of one type id on a bus: reads the contract once per publication and hands it to each.
/// The list is replaced, never changed, so the receive loop reads it without a lock.
/// </summary>
internal abstract class TypeSubscriptions
{
    /// <summary>The contract this type id stands for on this bus.</summary>
    public abstract Type ContractType { get; }

    /// <summary>True when every subscription of the type has ended.</summary>
    public abstract bool IsEmpty { get; }

    /// <summary>
    /// Reads the members that follow the envelope header and delivers the contract to every subscription; false, with
    /// the reason in <paramref name="context"/>, when the datagram is not a readable contract.
    /// </summary>
    public abstract bool TryDeliver(ref MessagePackReader reader, int memberCount, ref DatagramReadContext context, RemoteInfo from);

    /// <summary>Ends every subscription: the bus is closing.</summary>
    public abstract void EndAll();
}

/// <inheritdoc cref="TypeSubscriptions"/>
internal sealed class TypeSubscriptions<T> : TypeSubscriptions
    where T : IDatagram<T>
{
    private ISubscriber<T>[] _subscribers = [];

    public override Type ContractType => typeof(T);

    public override bool IsEmpty => Volatile.Read(ref _subscribers).Length == 0;

    /// <summary>Adds a subscription; the bus calls it under its lock.</summary>
    public void Add(ISubscriber<T> subscriber) => Volatile.Write(ref _subscribers, [.. _subscribers, subscriber]);

    /// <summary>Removes a subscription; the bus calls it under its lock.</summary>
    public void Remove(ISubscriber<T> subscriber) =>
        Volatile.Write(ref _subscribers, [.. _subscribers.Where(s => s != subscriber)]);

    public override bool TryDeliver(ref MessagePackReader reader, int memberCount, ref DatagramReadContext context, RemoteInfo from)
    {
        if (!DatagramEnvelope.TryReadBody(ref reader, memberCount, ref context, out T message))
        {
            return false;
        }

        // The estimate of what decoding allocated, and the contract datagram: at least something per message.
        long cost = context.Allocated + reader.Sequence.Length;
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Deliver(message, from, cost);
        }

        return true;
    }

    public override void EndAll()
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.End();
        }
    }
}
