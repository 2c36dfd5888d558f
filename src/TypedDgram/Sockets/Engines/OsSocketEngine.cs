using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

/// <summary>
/// The engine of every socket <see cref="Dgram.CreateSocket(SocketOptions, MessageHandler?)"/> makes: a .NET <see cref="Socket"/>, with
/// the platform calls .NET lacks (<see cref="PlatformSocket"/>), <c>sendto</c> with <c>MSG_DONTWAIT</c> on 64-bit Linux
/// (<see cref="DirectSend"/>) and the receive loop, in a shared <see cref="ReceivePoller"/> on 64-bit Linux (<see cref="ReceiveLoop.Create"/>).
/// </summary>
internal sealed class OsSocketEngine : ISocketEngine
{
    private readonly Socket _socket;

    /// <summary>Creates the OS socket at once, so that options and memberships can be set before bind, as in Node.</summary>
    public OsSocketEngine(AddressFamily family, bool ipv6Only)
    {
        _socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (family == AddressFamily.InterNetworkV6)
            {
                _socket.DualMode = !ipv6Only;
            }
            if (OperatingSystem.IsWindows())
            {
                // SIO_UDP_CONNRESET off: Windows would otherwise fail receives on unconnected sockets after an ICMP error.
                _socket.IOControl(unchecked((int)0x9800000C), [0, 0, 0, 0], null);
            }
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    public AddressFamily Family => _socket.AddressFamily;

    public Socket? BatchingSocket => _socket;

    public IPEndPoint Bind(IPEndPoint endpoint, bool reuseAddress, bool reusePort)
    {
        PlatformSocket.SetReuseAddress(_socket, reuseAddress);
        PlatformSocket.SetReusePort(_socket, reusePort);
        _socket.Bind(endpoint);
        return (IPEndPoint)_socket.LocalEndPoint!;
    }

    public SocketError Connect(IPEndPoint peer) => PlatformSocket.Connect(_socket, peer);

    public SocketError Disconnect(IPEndPoint local)
    {
        SocketError error = PlatformSocket.Disconnect(_socket);
        if (error == SocketError.Success)
        {
            KeepBoundPort(local);
        }
        return error;
    }

    /// <summary>
    /// Linux releases a port the OS picked (bind to port 0) when a UDP socket disconnects, leaving the socket unbound
    /// and deaf until a send binds it to another port. The socket keeps its port instead: bind it again. Where the OS
    /// kept the port, that bind fails with <c>EINVAL</c> and nothing needs doing.
    /// </summary>
    private void KeepBoundPort(IPEndPoint local)
    {
        try
        {
            _socket.Bind(local);
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.InvalidArgument)
        {
        }
    }

    public ReceiveLoop CreateReceiveLoop(RawDatagramHandler deliver, Action<Exception> reportError, bool batching, bool simulateMissingBatchCalls) =>
        ReceiveLoop.Create(_socket, deliver, reportError, batching, simulateMissingBatchCalls);

    public ValueTask<int> SendToAsync(ReadOnlyMemory<byte> payload, SocketAddress destination) =>
        // Off Linux, as after EAGAIN on it: .NET's SendToAsync, which waits for room when the buffer is full.
        TrySendTo(payload.Span, destination, out int sent)
            ? new ValueTask<int>(sent)
            : _socket.SendToAsync(payload, SocketFlags.None, destination);

    public bool TrySendTo(ReadOnlySpan<byte> payload, SocketAddress destination, out int sent)
    {
        sent = LinuxSyscalls.Available ? DirectSend.SendTo(_socket.SafeHandle, payload, destination) : -LinuxSyscalls.EAGAIN;
        if (sent >= 0)
        {
            return true;
        }
        if (sent is -LinuxSyscalls.EAGAIN or -LinuxSyscalls.EINTR)
        {
            sent = 0;
            return false;
        }
        throw LinuxErrno.ToException(-sent);
    }

    public void SetBroadcast(bool on) => _socket.EnableBroadcast = on;

    public void SetTtl(int ttl) => _socket.Ttl = (short)ttl;

    public void SetMulticastTtl(int ttl) =>
        _socket.SetSocketOption(Family == AddressFamily.InterNetwork ? SocketOptionLevel.IP : SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, ttl);

    public void SetMulticastLoopback(bool on) => _socket.MulticastLoopback = on;

    public void SetMulticastInterface(IPAddress address)
    {
        if (Family == AddressFamily.InterNetwork)
        {
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, address.GetAddressBytes());
        }
        else
        {
            _socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, (int)address.ScopeId);
        }
    }

    public void SetMembership(bool join, IPAddress group, IPAddress? multicastInterface) =>
        PlatformSocket.SetMembership(_socket, join, group, multicastInterface);

    public void SetSourceMembership(bool join, IPAddress source, IPAddress group, IPAddress? multicastInterface) =>
        PlatformSocket.SetSourceMembership(_socket, join, source, group, multicastInterface);

    public void SetBufferSize(bool receive, int size)
    {
        if (receive)
        {
            _socket.ReceiveBufferSize = size;
        }
        else
        {
            _socket.SendBufferSize = size;
        }
    }

    public int GetBufferSize(bool receive) => receive ? _socket.ReceiveBufferSize : _socket.SendBufferSize;

    public long? ReadDropCount() => KernelDropCounter.Read(_socket);

    public void Dispose() => _socket.Dispose();
}
