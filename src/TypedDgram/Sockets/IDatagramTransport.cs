namespace TypedDgram.Sockets;

/// <summary>
/// The seam between a datagram transport and the layers above it: everything Messaging and PubSub use of a socket
/// besides its public API, and the only way they reach it. <see cref="DgramSocket"/> implements it (through
/// <see cref="DgramSocket.Transport"/>); a transport that is not UDP (a broker) implements the same members with the
/// same promises, and the typed layers run on it unchanged. docs/architecture.md draws where it sits.
/// </summary>
/// <remarks>
/// What a transport promises: receivers run one datagram at a time on the transport's own loop; bytes handed to a send
/// are the transport's from then on (it returns them to <see cref="System.Buffers.ArrayPool{T}.Shared"/>); errors
/// reported here reach the owner's <c>Error</c> event later, never inside the call; after close, nothing more is
/// received and the closed handlers run once. <see cref="RemoteInfo"/> names where a datagram came from in the
/// transport's own terms (docs/architecture.md, "RemoteInfo without a UDP sender").
/// </remarks>
internal interface IDatagramTransport
{
    /// <summary>
    /// State the layer above keeps with this transport for its lifetime (Messaging's per-socket state, which holds the
    /// authentication key and sender), so no layer needs a side table keyed by socket; null until set.
    /// </summary>
    object? LayerState { get; }

    /// <summary>Sets <see cref="LayerState"/> once; false (and nothing changed) when it was already set.</summary>
    bool TrySetLayerState(object state);

    /// <summary>
    /// Adds a receiver that sees every datagram, on the transport's loop, before the socket's own <c>Message</c> event
    /// and without a copy: the span is valid only during the call. An exception it throws goes to <c>Error</c>.
    /// </summary>
    void AddReceiver(RawDatagramHandler receiver);

    /// <summary>Removes a receiver added with <see cref="AddReceiver"/>; a datagram already being delivered may still reach it.</summary>
    void RemoveReceiver(RawDatagramHandler receiver);

    /// <summary>
    /// Sends <paramref name="length"/> bytes of a buffer rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>,
    /// taking ownership without a copy (the buffer goes back to the pool after the send, or when this throws). Same
    /// validation, ordering and errors as the socket's own <c>Send</c>; the outcome goes to <paramref name="callback"/>,
    /// else a failure to <c>Error</c>.
    /// </summary>
    void Send(byte[] rentedBuffer, int length, TransportDestination destination, SendCallback? callback);

    /// <summary>The awaitable form of <see cref="Send"/>: completes with the bytes sent, or faults with the send's error.</summary>
    ValueTask<int> SendAsync(byte[] rentedBuffer, int length, TransportDestination destination, CancellationToken cancellationToken);

    /// <summary>Raises the owner's <c>Error</c> (or <see cref="Dgram.UnhandledError"/>) later, as the transport does for its own errors.</summary>
    void ReportError(Exception error);

    /// <summary>Node's <c>healthCheck</c> for the typed layers: throws <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> once closed.</summary>
    void ThrowIfClosed();

    /// <summary>
    /// Runs <paramref name="handler"/> once when the transport has closed (after its last delivery), for a layer that
    /// must end with it; when it is already closed, throws <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> instead, so nothing waits
    /// for an event that is gone.
    /// </summary>
    void OnClosedOrThrow(Action handler);

    /// <summary>Takes back a handler given to <see cref="OnClosedOrThrow"/>.</summary>
    void RemoveOnClosed(Action handler);
}
