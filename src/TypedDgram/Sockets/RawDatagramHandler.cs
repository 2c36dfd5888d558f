namespace TypedDgram.Sockets;

/// <summary>
/// Sees every received datagram before <see cref="DgramSocket.Message"/>, without a copy: the span is only
/// valid during the call. The hook the Messaging and PubSub layers decode from.
/// </summary>
/// <param name="datagram">The datagram's bytes in the socket's receive buffer.</param>
/// <param name="from">The sender (its address string is cached per endpoint, so this allocates nothing).</param>
internal delegate void RawDatagramHandler(ReadOnlySpan<byte> datagram, RemoteInfo from);
