using System.Globalization;

namespace TypedDgram.Nats;

/// <summary>What a NATS bus's connection did, beside the bus's own <see cref="PubSub.BusStats"/> (docs/nats.md).</summary>
/// <param name="Published">Messages handed to the NATS client: publications, and the bus's own control frames (heartbeats).</param>
/// <param name="PublishedWhileDisconnected">Messages sent while the connection was down (buffered by the client, or refused), heartbeats of an idle publisher included.</param>
/// <param name="PublishFailed">Messages that failed: refused while disconnected, or an error from the client.</param>
/// <param name="Disconnects">Times the connection to a server was lost.</param>
/// <param name="Reconnects">Times a connection was opened again after one was lost.</param>
/// <param name="DroppedByClient">Messages the NATS client dropped because this bus fell behind (its pending limit); also counted <c>Lost</c>.</param>
public sealed record NatsConnectionStats(
    long Published,
    long PublishedWhileDisconnected,
    long PublishFailed,
    long Disconnects,
    long Reconnects,
    long DroppedByClient)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"published {Published}, while disconnected {PublishedWhileDisconnected}, failed {PublishFailed}, disconnects {Disconnects}, reconnects {Reconnects}, dropped by client {DroppedByClient}");
}
