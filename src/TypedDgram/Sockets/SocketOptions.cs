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

    /// <summary>Cancelling it closes the socket, like <see cref="DgramSocket.Close(Action?)"/> (Node's <c>signal</c>).</summary>
    public CancellationToken Signal { get; init; }

    /// <summary>
    /// Opt-in batched I/O on 64-bit Linux (not part of Node's API). Sends queued while the socket is busy go to the kernel
    /// together (<c>sendmmsg</c>, and UDP GSO for runs of equal-size datagrams to one destination), and the receive loop
    /// takes up to 16 datagrams per call (<c>recvmmsg</c>, with UDP GRO). <c>Send</c> then hands datagrams to a drain on
    /// the thread pool instead of sending inline: more datagrams per second in bursts, a thread hop more latency for a
    /// lone one, and more memory per socket (1.3 MB of pinned buffers, and up to 2 KB kept with each reusable send
    /// request). Ordering, errors (same Node codes), callbacks and events are unchanged. Elsewhere, and on kernels
    /// without these calls (ENOSYS), the socket works one datagram at a time.
    /// </summary>
    public bool Batching { get; init; }
}
