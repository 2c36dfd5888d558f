namespace TypedDgram.Sockets;

/// <summary>
/// The options of <see cref="Dgram.CreateSocket(SocketOptions, MessageHandler?)"/>, as Node's <c>createSocket(options)</c>.
/// </summary>
public sealed class SocketOptions
{
    /// <summary>The socket family: <c>"udp4"</c> or <c>"udp6"</c>; anything else raises <c>ERR_SOCKET_BAD_TYPE</c>.</summary>
    public required string Type { get; init; }

    /// <summary>When true, <see cref="DgramSocket.Bind(int, string?, Action?)"/> reuses the address even if another socket is bound to it (<c>SO_REUSEADDR</c>).</summary>
    public bool ReuseAddr { get; init; }

    /// <summary>When true, several sockets may bind the same port and the OS balances datagrams among them (<c>SO_REUSEPORT</c>).</summary>
    public bool ReusePort { get; init; }

    /// <summary>For udp6: when true, binding <c>::</c> does not also bind <c>0.0.0.0</c> (no dual stack).</summary>
    public bool Ipv6Only { get; init; }

    /// <summary>The <c>SO_RCVBUF</c> size applied when the socket binds; negative raises <c>ERR_SOCKET_BAD_BUFFER_SIZE</c>.</summary>
    public int? RecvBufferSize { get; init; }

    /// <summary>The <c>SO_SNDBUF</c> size applied when the socket binds; negative raises <c>ERR_SOCKET_BAD_BUFFER_SIZE</c>.</summary>
    public int? SendBufferSize { get; init; }

    /// <summary>A custom resolver for the addresses the socket binds, connects and sends to. Default: the system resolver.</summary>
    public DnsLookup? Lookup { get; init; }

    /// <summary>
    /// The key (at least 16 bytes) of HMAC-SHA256 for contracts marked <c>[Datagram(Authenticated = true)]</c>: typed
    /// sends of them append a tag under it, and typed receivers accept them only with a valid tag that is not a replay.
    /// Empty (the default): such contracts can be neither sent nor received. Not in Node.
    /// </summary>
    public ReadOnlyMemory<byte> AuthenticationKey { get; init; }

    /// <summary>Cancelling it closes the socket, like <see cref="DgramSocket.Close(Action?)"/> (Node's <c>signal</c>).</summary>
    public CancellationToken Signal { get; init; }
}
