using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

/// <summary>
/// Everything a <see cref="DgramSocket"/> asks of the operating system, and nothing else: bind, connect, one send, the
/// receive loop, the socket options, close. <see cref="DgramSocket"/> keeps Node's behaviour above it (argument
/// validation in Node's order, bind and connect state, the send queue, callbacks, <c>Error</c>), so that an engine
/// other than the OS one (<see cref="InMemorySocketEngine"/>, behind the test host) changes only where datagrams go.
/// </summary>
/// <remarks>
/// Failures are the OS's: a <see cref="SocketException"/> (or a returned <see cref="SocketError"/>) that the socket turns
/// into Node's error with the syscall's name, as it does for the OS engine. Every member is called at most once at a
/// time per socket except <see cref="SendToAsync"/> and <see cref="TrySendTo"/>, which the send queue calls one datagram at a time.
/// </remarks>
internal interface ISocketEngine : IDisposable
{
    /// <summary>The socket's family: <see cref="AddressFamily.InterNetwork"/> for udp4, <see cref="AddressFamily.InterNetworkV6"/> for udp6.</summary>
    AddressFamily Family { get; }

    /// <summary>Binds to <paramref name="endpoint"/> and returns the endpoint bound (with the port picked for port 0); throws <see cref="SocketException"/>.</summary>
    IPEndPoint Bind(IPEndPoint endpoint, bool reuseAddress, bool reusePort);

    /// <summary>Associates the socket with <paramref name="peer"/>: only its datagrams are received from now on.</summary>
    SocketError Connect(IPEndPoint peer);

    /// <summary>Dissolves the association, keeping <paramref name="local"/> bound; throws <see cref="SocketException"/> when the port is lost.</summary>
    SocketError Disconnect(IPEndPoint local);

    /// <summary>The receive loop that hands each datagram to <paramref name="deliver"/>; created once, when the bind succeeds.</summary>
    ReceiveLoop CreateReceiveLoop(RawDatagramHandler deliver, Action<Exception> reportError, bool batching, bool simulateMissingBatchCalls);

    /// <summary>Sends one datagram; the bytes sent, or a <see cref="SocketException"/> (<see cref="ObjectDisposedException"/> once closed).</summary>
    ValueTask<int> SendToAsync(ReadOnlyMemory<byte> payload, SocketAddress destination);

    /// <summary>
    /// Sends one datagram now, on the caller's thread, if that needs no waiting (libuv's <c>uv_udp_try_send</c>):
    /// true with the bytes sent; false when it would have to wait for room in the send buffer, or the engine cannot
    /// send without its asynchronous path (then <see cref="SendToAsync"/> must). Fails as <see cref="SendToAsync"/> does.
    /// </summary>
    bool TrySendTo(ReadOnlySpan<byte> payload, SocketAddress destination, out int sent);

    /// <summary>The OS socket for <c>sendmmsg</c>, or null when the engine has none (then the socket never batches).</summary>
    Socket? BatchingSocket { get; }

    /// <summary><c>SO_BROADCAST</c>.</summary>
    void SetBroadcast(bool on);

    /// <summary><c>IP_TTL</c> / IPv6 unicast hops, 1..255 (checked by the socket).</summary>
    void SetTtl(int ttl);

    /// <summary><c>IP_MULTICAST_TTL</c> / IPv6 multicast hops, 0..255 (checked by the socket).</summary>
    void SetMulticastTtl(int ttl);

    /// <summary><c>IP_MULTICAST_LOOP</c>.</summary>
    void SetMulticastLoopback(bool on);

    /// <summary><c>IP_MULTICAST_IF</c> / <c>IPV6_MULTICAST_IF</c>, an address of the socket's family.</summary>
    void SetMulticastInterface(IPAddress address);

    /// <summary>Joins or leaves an any-source group.</summary>
    void SetMembership(bool join, IPAddress group, IPAddress? multicastInterface);

    /// <summary>Joins or leaves a source-specific channel.</summary>
    void SetSourceMembership(bool join, IPAddress source, IPAddress group, IPAddress? multicastInterface);

    /// <summary><c>SO_RCVBUF</c> (<paramref name="receive"/>) or <c>SO_SNDBUF</c>, a size above 0.</summary>
    void SetBufferSize(bool receive, int size);

    /// <summary><c>SO_RCVBUF</c> or <c>SO_SNDBUF</c> as the OS reports it.</summary>
    int GetBufferSize(bool receive);

    /// <summary>Datagrams dropped because the receive buffer was full, or null where that is not known.</summary>
    long? ReadDropCount();
}
