using System.Buffers;
using System.Globalization;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

public sealed partial class MulticastBus
{
    /// <summary>
    /// Publishes <paramref name="message"/> to the group: one datagram, the contract behind this bus's publication header
    /// with the next sequence number. Completes when the datagram has been handed to the system. Throws <c>EMSGSIZE</c>,
    /// without sending or using up a sequence number, when the publication is larger than
    /// <see cref="MulticastOptions.MaxDatagramSize"/>; a send error (<c>ENETUNREACH</c>, ...) faults the task.
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

        ValueTask<int> send;
        lock (_publishGate)
        {
            // Numbering and handing over to the send queue under one lock keeps the numbers in the order they are sent.
            var buffer = PooledEnvelope.Serialize(message, new PublicationPrefix(PublisherId, _nextSequence), out var length, out var headerLength);
            if (length > _options.MaxDatagramSize)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw TooLarge<T>(length, headerLength);
            }

            _nextSequence++;
            send = _link.Sender.SendAsync(buffer, length, _link.DestinationOf(T.TypeId), cancellationToken);
        }

        return send.IsCompletedSuccessfully ? ValueTask.CompletedTask : AwaitSend(send);
    }

    private static async ValueTask AwaitSend(ValueTask<int> send) => await send.ConfigureAwait(false);

    private DgramException TooLarge<T>(int length, int headerLength) => new(
        DgramErrorCode.MessageTooLong,
        string.Create(
            CultureInfo.InvariantCulture,
            $"A publication of {typeof(T).Name} is {length} bytes ({headerLength}-byte header and {length - headerLength}-byte contract), more than this bus's MaxDatagramSize of {_options.MaxDatagramSize}: it would be fragmented or dropped on the way, so it is not sent. Publish less per message, or raise MaxDatagramSize if every link carries larger datagrams."));
}
