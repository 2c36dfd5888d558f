using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// Typed publish/subscribe, whatever carries it: <see cref="MulticastBus"/> over an IP multicast group, or
/// <c>NatsBus</c> (TypedDgram.Nats) over NATS. The publications are the same bytes on both (docs/wire-format.md,
/// section 7), counted the same way, so a program written against this interface moves from one to the other by its
/// options alone.
/// </summary>
public interface ITypedBus : IAsyncDisposable
{
    /// <summary>Raised for an error no call could be given: a handler or event subscriber that threw, or a transport error.</summary>
    event Action<Exception>? Error;

    /// <summary>Raised on the receive loop for each datagram that is not a readable publication (counted in <see cref="BusStats.Malformed"/>).</summary>
    event Action<MalformedPublicationException>? Malformed;

    /// <summary>Raised on the receive loop with the type id and sender of each publication no subscription takes (counted in <see cref="BusStats.Unhandled"/>).</summary>
    event Action<uint, RemoteInfo>? Unhandled;

    /// <summary>Raised when a publisher is first heard (a publication or a heartbeat), or heard again after its lease expired.</summary>
    event Action<PublisherLivelinessEventArgs>? PublisherJoined;

    /// <summary>Raised when a publisher's lease expires with nothing heard from it (docs/wire-format.md, section 7, "Heartbeats").</summary>
    event Action<PublisherLivelinessEventArgs>? PublisherLost;

    /// <summary>This bus's random publisher id, sent in the header of every publication.</summary>
    ulong PublisherId { get; }

    /// <summary>A snapshot of the delivery counts: totals and per publisher.</summary>
    BusStats Stats { get; }

    /// <summary>Calls <paramref name="handler"/> on the receive loop with every publication of <typeparamref name="T"/> from now on; disposing the result stops it.</summary>
    /// <typeparam name="T">A <c>[Datagram]</c> contract.</typeparam>
    /// <param name="handler">Called with each publication and where it came from.</param>
    IDisposable Subscribe<T>(Action<T, RemoteInfo> handler)
        where T : IDatagram<T>;

    /// <summary>The publications of <typeparamref name="T"/> from now on, as a stream for one <c>await foreach</c>.</summary>
    /// <typeparam name="T">A <c>[Datagram]</c> contract.</typeparam>
    /// <param name="cancellationToken">Ends the subscription.</param>
    IAsyncEnumerable<(T Message, RemoteInfo From)> SubscribeAsync<T>(CancellationToken cancellationToken = default)
        where T : IDatagram<T>;

    /// <summary>Publishes <paramref name="message"/> with this bus's next sequence number.</summary>
    /// <typeparam name="T">A <c>[Datagram]</c> contract.</typeparam>
    /// <param name="message">The publication's content.</param>
    /// <param name="cancellationToken">Drops the publication if it is still waiting to be sent.</param>
    ValueTask PublishAsync<T>(T message, CancellationToken cancellationToken = default)
        where T : IDatagram<T>;

    /// <summary>
    /// Publishes <paramref name="message"/> with this bus's next sequence number without waiting for it to be sent,
    /// in order with <see cref="PublishAsync{T}"/>; blocks while the bus's queue is full. A send that fails later goes to <see cref="Error"/>.
    /// </summary>
    /// <typeparam name="T">A <c>[Datagram]</c> contract.</typeparam>
    /// <param name="message">The publication's content.</param>
    void Publish<T>(T message)
        where T : IDatagram<T>;

    /// <summary><see cref="Publish{T}"/> without blocking: false, with nothing published, while the bus's queue is full.</summary>
    /// <typeparam name="T">A <c>[Datagram]</c> contract.</typeparam>
    /// <param name="message">The publication's content.</param>
    /// <returns>True when the publication was queued.</returns>
    bool TryPublish<T>(T message)
        where T : IDatagram<T>;
}
