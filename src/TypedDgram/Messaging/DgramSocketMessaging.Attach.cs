using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

public static partial class DgramSocketMessaging
{
    /// <summary>
    /// Routes every datagram the socket receives to <paramref name="handlers"/>' [DatagramHandler] methods by type id
    /// (generated code: one switch, no reflection). A malformed datagram raises the socket's <c>Error</c> with a
    /// <see cref="MalformedDatagramException"/> naming the sender; a handler's exception raises <c>Error</c>; a type id
    /// with no handler is counted and raises <see cref="DatagramAttachment.Unhandled"/>. Receiving goes on in every case.
    /// Dispose the result to detach. Throws <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when the socket is closed, as every
    /// operation on a closed socket does (an attachment made before the close stops at the close).
    /// </summary>
    /// <param name="socket">The socket to receive from.</param>
    /// <param name="handlers">An instance of a partial class with [DatagramHandler] methods.</param>
    /// <param name="limits">Limits for reading untrusted datagrams; <see cref="DatagramReaderLimits.Default"/> when null.</param>
    /// <param name="queueCapacity">
    /// Null (the default): handlers run on the socket's receive loop, and a slow synchronous handler holds it up (the
    /// socket's receive buffer then fills and the kernel drops). A number (1..1,048,576): received datagrams are copied
    /// into a queue of that many and one worker dispatches them, awaiting each handler; the receive loop never waits for
    /// a handler, and when the queue is full <paramref name="fullMode"/> chooses what is dropped, counted in
    /// <see cref="DatagramAttachment.Dropped"/>.
    /// </param>
    /// <param name="fullMode">What a full queue drops; only with <paramref name="queueCapacity"/>.</param>
    public static DatagramAttachment Attach<THandlers>(
        this DgramSocket socket,
        THandlers handlers,
        DatagramReaderLimits? limits = null,
        int? queueCapacity = null,
        QueueFullMode fullMode = QueueFullMode.DropOldest)
        where THandlers : class, IDatagramHandlers
        => socket.Attach(handlers, DatagramAttachment.DefaultResponseCacheCapacity, limits, queueCapacity, fullMode);

    /// <summary>
    /// <see cref="Attach{THandlers}(DgramSocket, THandlers, DatagramReaderLimits?, int?, QueueFullMode)"/> with a
    /// response cache of <paramref name="responseCacheCapacity"/> requests (1..1,048,576; 256 by default): a request
    /// received again from the same sender with the same correlation id (a requester's retry) is answered with the
    /// response its handler returned the first time, without running the handler again, as long as it is among the
    /// last <paramref name="responseCacheCapacity"/> requests. The cache holds each response's bytes.
    /// </summary>
    public static DatagramAttachment Attach<THandlers>(
        this DgramSocket socket,
        THandlers handlers,
        int responseCacheCapacity,
        DatagramReaderLimits? limits = null,
        int? queueCapacity = null,
        QueueFullMode fullMode = QueueFullMode.DropOldest)
        where THandlers : class, IDatagramHandlers
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(handlers);
        if (queueCapacity is not (null or (>= 1 and <= 1_048_576)))
        {
            throw new ArgumentOutOfRangeException(nameof(queueCapacity), queueCapacity, "queueCapacity must be 1..1048576.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(responseCacheCapacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(responseCacheCapacity, 1_048_576);
        socket.Transport.ThrowIfClosed();

        return new DatagramAttachment(socket.Transport, handlers, limits ?? DatagramReaderLimits.Default, queueCapacity, fullMode, responseCacheCapacity);
    }
}
