using System.Buffers;
using System.Globalization;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

public sealed partial class MulticastBus
{
    /// <summary>
    /// Publishes <paramref name="message"/> to the group: one datagram, the contract behind this bus's publication header
    /// with the next sequence number (with <see cref="MulticastOptions.Key"/>, tagged or encrypted under it); a
    /// publication larger than <see cref="MulticastOptions.MaxDatagramSize"/> goes in fragments, each a datagram of at
    /// most that size, under one sequence number. Completes when every datagram has been handed to the system. Throws <c>EMSGSIZE</c>,
    /// without sending or using up a sequence number, when the contract is larger than
    /// <see cref="MulticastOptions.MaxPublicationSize"/>, and <see cref="InvalidOperationException"/> for a
    /// <c>[Datagram(Authenticated = true)]</c> contract on a bus without a key; a send error (<c>ENETUNREACH</c>, ...) faults the task.
    /// On a disposed bus it throws <see cref="ObjectDisposedException"/>, and a publication still queued when the bus is
    /// disposed faults with it too: never the socket's <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c>, which would name a socket the
    /// caller never saw.
    /// </summary>
    /// <typeparam name="T">A <c>[Datagram]</c> contract.</typeparam>
    /// <param name="message">The publication's content.</param>
    /// <param name="cancellationToken">Drops the publication if it is still waiting to be sent.</param>
    public ValueTask PublishAsync<T>(T message, CancellationToken cancellationToken = default)
        where T : IDatagram<T>
    {
        // Not ThrowIfNull(object): that would box a struct contract on every publication.
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ThrowIfAuthenticatedWithoutKey<T>("publish");

        ValueTask<int> send;
        ValueTask<int>[] fragments;
        lock (_publishGate)
        {
            // Again under the lock: DisposeAsync sets the flag under it, so a publication that passes here is queued before the sockets close.
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            // Numbering and handing over to the send queue under one lock keeps the numbers in the order they are sent.
            var buffer = _keyRing is { } keys
                ? keys.SealPublication(message, PublisherId, _nextSequence, out var length, out var overhead)
                : PooledEnvelope.Serialize(message, new PublicationPrefix(PublisherId, _nextSequence), out length, out overhead);
            if (length <= _options.MaxDatagramSize)
            {
                var destination = _link.DestinationOf(T.TypeId);
                _reliableSender?.Record(_nextSequence, 1, buffer.AsSpan(0, length), destination);
                _nextSequence++;
                send = _link.Sender.SendAsync(buffer, length, destination, cancellationToken);
                return send.IsCompletedSuccessfully ? ValueTask.CompletedTask : AwaitSend(send);
            }

            // Larger than a datagram: fragments, numbered and queued under the same lock, in order.
            fragments = SendInFragments(message, buffer, length, overhead, cancellationToken);
        }

        return AwaitFragments(fragments);
    }

    private async ValueTask AwaitSend(ValueTask<int> send)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (DgramException error) when (error.Code == DgramErrorCode.NotRunning && IsDisposed)
        {
            // The bus closed its socket with this publication still queued: say so in the bus's terms.
            throw new ObjectDisposedException(nameof(MulticastBus), "The bus was disposed before this publication was sent; it was not sent.");
        }
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
