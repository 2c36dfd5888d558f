using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// Hands publication <paramref name="number"/> of <paramref name="publisherId"/> to the bus's subscriptions, in order:
/// <paramref name="payload"/> (its contract datagram) is valid only during the call.
/// </summary>
internal delegate void OrderedDelivery(ulong publisherId, ulong number, ReadOnlyMemory<byte> payload, RemoteInfo from);

/// <summary>Sends a NAK asking <paramref name="publisherId"/> for <paramref name="ranges"/>.</summary>
internal delegate void NakSender(ulong publisherId, ReadOnlySpan<SequenceRange> ranges);
