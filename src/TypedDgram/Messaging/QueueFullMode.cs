namespace TypedDgram.Messaging;

/// <summary>What a full dispatch queue (the <c>queueCapacity</c> of <see cref="DgramSocketMessaging.Attach{THandlers}(Sockets.DgramSocket, THandlers, Contracts.DatagramReaderLimits?, int?, QueueFullMode)"/>) does with a newly received datagram.</summary>
public enum QueueFullMode
{
    /// <summary>Discards the oldest queued datagram to make room: handlers see the most recent traffic.</summary>
    DropOldest,

    /// <summary>Discards the new datagram, as a full socket receive buffer does: handlers see traffic in arrival order up to the gap.</summary>
    DropNewest,
}
