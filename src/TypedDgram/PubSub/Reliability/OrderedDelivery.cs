using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// Hands publication <paramref name="number"/> of <paramref name="publisherId"/> to the bus's subscriptions, in order:
/// <paramref name="payload"/> (its contract datagram, which began at byte <paramref name="payloadOffset"/> of its datagram)
/// is valid only during the call.
/// </summary>
internal delegate void OrderedDelivery(ulong publisherId, ulong number, ReadOnlyMemory<byte> payload, int payloadOffset, RemoteInfo from);

/// <summary>Sends a NAK asking <paramref name="publisherId"/> for <paramref name="ranges"/>.</summary>
internal delegate void NakSender(ulong publisherId, ReadOnlySpan<SequenceRange> ranges);
