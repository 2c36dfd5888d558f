using System.Globalization;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

public sealed partial class MulticastBus
{
    /// <summary>
    /// Publishes <paramref name="message"/> to the group with the next sequence number (with
    /// <see cref="MulticastOptions.Key"/>, tagged or encrypted under it) and completes when its datagram has been handed to
    /// the system. While nothing of this bus is being sent it goes at once, alone; while something is (with
    /// <see cref="MulticastOptions.Coalesce"/>), it joins the batch that goes next (docs/wire-format.md, section 7,
    /// "Batches"), in order with <see cref="Publish{T}"/>'s. A publication larger than
    /// <see cref="MulticastOptions.MaxDatagramSize"/> goes in fragments, each a datagram of at most that size, under one
    /// sequence number, in the same order. Throws <c>EMSGSIZE</c>,
    /// without sending or using up a sequence number, when the contract is larger than
    /// <see cref="MulticastOptions.MaxPublicationSize"/>, and <see cref="InvalidOperationException"/> for a
    /// <c>[Datagram(Authenticated = true)]</c> contract on a bus without a key; a send error (<c>ENETUNREACH</c>, ...) faults the task.
    /// On a disposed bus it throws <see cref="ObjectDisposedException"/>, and a publication still queued when the bus is
    /// disposed faults with it too: never the socket's <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c>, which would name a socket the
    /// caller never saw.
    /// </summary>
    /// <typeparam name="T">A <c>[Datagram]</c> contract.</typeparam>
    /// <param name="message">The publication's content.</param>
    /// <param name="cancellationToken">
    /// Drops the publication if it is still waiting to be sent alone; one that joined a batch is sent with it (its
    /// number is taken), and an already cancelled token publishes nothing.
    /// </param>
    public ValueTask PublishAsync<T>(T message, CancellationToken cancellationToken = default)
        where T : IDatagram<T>
    {
        CheckPublish(message);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        return _publishing.PublishAsync(message, cancellationToken);
    }

    /// <summary>
    /// Publishes <paramref name="message"/> without waiting for it to be sent: numbers it and queues it, in order with
    /// <see cref="PublishAsync{T}"/>'s, and returns. It goes at once, alone, when nothing of this bus is being sent,
    /// else in the next batch. When <see cref="MulticastOptions.MaxQueuedBytes"/> are already queued it blocks until the
    /// system has taken enough (as a blocking socket's <c>send</c> does when its buffer is full), so a loop of
    /// <c>Publish</c> runs at the network's pace and never runs out of memory; <see cref="TryPublish{T}"/> does not wait.
    /// A send that fails later goes to <see cref="Error"/>, as nobody waits for it. Throws <c>EMSGSIZE</c> and
    /// <see cref="InvalidOperationException"/> as <see cref="PublishAsync{T}"/> does, before queuing anything, and
    /// <see cref="ObjectDisposedException"/> on a disposed bus (also to a call blocked for room when the bus is disposed).
    /// </summary>
    /// <typeparam name="T">A <c>[Datagram]</c> contract.</typeparam>
    /// <param name="message">The publication's content.</param>
    public void Publish<T>(T message)
        where T : IDatagram<T>
    {
        CheckPublish(message);
        _publishing.Publish(message, waitForRoom: true);
    }

    /// <summary>
    /// <see cref="Publish{T}"/> without blocking: false, with nothing published and no sequence number used, when
    /// <see cref="MulticastOptions.MaxQueuedBytes"/> are already queued (try later, or drop it: the caller decides).
    /// </summary>
    /// <typeparam name="T">A <c>[Datagram]</c> contract.</typeparam>
    /// <param name="message">The publication's content.</param>
    /// <returns>True when the publication was queued.</returns>
    public bool TryPublish<T>(T message)
        where T : IDatagram<T>
    {
        CheckPublish(message);
        return _publishing.Publish(message, waitForRoom: false);
    }

    private void CheckPublish<T>(T message)
        where T : IDatagram<T>
    {
        // Not ThrowIfNull(object): that would box a struct contract on every publication.
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ThrowIfAuthenticatedWithoutKey<T>("publish");
    }

    // An authenticated contract is read only from a datagram whose tag verified: on a bus without a key no subscriber
    // would ever read it, so publishing or subscribing to one there is a mistake worth saying at once.
    private void ThrowIfAuthenticatedWithoutKey<T>(string what)
        where T : IDatagram<T>
    {
        if (T.Authenticated && _keyRing is null)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"Cannot {what} {typeof(T).Name}: it is [Datagram(Authenticated = true)], and this bus has no group key, so no subscriber could tell it came from a key holder. Give every bus of the group the same MulticastOptions.Key (see docs/reliability.md, \"Authenticated pub/sub\")."));
        }
    }
}
