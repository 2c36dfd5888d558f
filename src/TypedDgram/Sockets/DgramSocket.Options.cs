using System.Net.Sockets;

namespace TypedDgram.Sockets;

public sealed partial class DgramSocket
{
    /// <summary>
    /// Sets or clears <c>SO_BROADCAST</c>. Throws <c>EBADF</c> before bind and <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    /// <param name="flag">Whether datagrams may be sent to a broadcast address.</param>
    public void SetBroadcast(bool flag)
    {
        const string Syscall = "setBroadcast";
        ISocketEngine engine = BoundEngine(Syscall);
        SetOption(Syscall, () => engine.SetBroadcast(flag));
    }

    /// <summary>
    /// Sets the unicast TTL (<c>IP_TTL</c>, IPv6 hop limit) and returns it. Throws <c>EINVAL</c> outside 1..255,
    /// <c>EBADF</c> before bind and <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    /// <param name="ttl">The number of hops, 1..255.</param>
    /// <returns><paramref name="ttl"/>.</returns>
    public int SetTTL(int ttl)
    {
        const string Syscall = "setTTL";
        HealthCheck();
        if (ttl is < 1 or > 255)
        {
            throw SystemErrors.InvalidArgument(Syscall);
        }
        ISocketEngine engine = BoundEngine(Syscall);
        SetOption(Syscall, () => engine.SetTtl(ttl));
        return ttl;
    }

    /// <summary>
    /// Sets the multicast TTL (<c>IP_MULTICAST_TTL</c>, IPv6 multicast hops) and returns it. Throws <c>EINVAL</c> outside
    /// 0..255, <c>EBADF</c> before bind and <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    /// <param name="ttl">The number of hops, 0..255.</param>
    /// <returns><paramref name="ttl"/>.</returns>
    public int SetMulticastTTL(int ttl)
    {
        const string Syscall = "setMulticastTTL";
        HealthCheck();
        if (ttl is < 0 or > 255)
        {
            throw SystemErrors.InvalidArgument(Syscall);
        }
        ISocketEngine engine = BoundEngine(Syscall);
        SetOption(Syscall, () => engine.SetMulticastTtl(ttl));
        return ttl;
    }

    /// <summary>
    /// Sets or clears <c>IP_MULTICAST_LOOP</c>: whether this host's own multicast datagrams are delivered locally; returns
    /// <paramref name="flag"/>. Throws <c>EBADF</c> before bind and <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    /// <param name="flag">Whether to loop multicast back.</param>
    /// <returns><paramref name="flag"/>.</returns>
    public bool SetMulticastLoopback(bool flag)
    {
        const string Syscall = "setMulticastLoopback";
        ISocketEngine engine = BoundEngine(Syscall);
        SetOption(Syscall, () => engine.SetMulticastLoopback(flag));
        return flag;
    }

    /// <summary>
    /// Sets <c>SO_RCVBUF</c>. Throws <c>ERR_SOCKET_BAD_BUFFER_SIZE</c> for a negative size, <c>ERR_SOCKET_BUFFER_SIZE</c>
    /// before bind or when the OS refuses, <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    /// <param name="size">The receive buffer size in bytes.</param>
    public void SetRecvBufferSize(int size) => SetBufferSize(BufferSizeEngine(size, receive: true), size, receive: true);

    /// <summary>
    /// The <c>SO_RCVBUF</c> size in bytes (Linux reports double what was set). Throws <c>ERR_SOCKET_BUFFER_SIZE</c> before
    /// bind and <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    public int GetRecvBufferSize() => GetBufferSize(BufferSizeEngine(null, receive: true), receive: true);

    /// <summary>
    /// Sets <c>SO_SNDBUF</c>. Throws <c>ERR_SOCKET_BAD_BUFFER_SIZE</c> for a negative size, <c>ERR_SOCKET_BUFFER_SIZE</c>
    /// before bind or when the OS refuses, <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    /// <param name="size">The send buffer size in bytes.</param>
    public void SetSendBufferSize(int size) => SetBufferSize(BufferSizeEngine(size, receive: false), size, receive: false);

    /// <summary>
    /// The <c>SO_SNDBUF</c> size in bytes (Linux reports double what was set). Throws <c>ERR_SOCKET_BUFFER_SIZE</c> before
    /// bind and <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    public int GetSendBufferSize() => GetBufferSize(BufferSizeEngine(null, receive: false), receive: false);

    private static void SetOption(string syscall, Action set)
    {
        try
        {
            set();
        }
        catch (SocketException exception)
        {
            throw SystemErrors.From(exception, syscall);
        }
        catch (ObjectDisposedException)
        {
            throw DgramErrors.NotRunning();
        }
    }

    private static string BufferSyscall(bool receive) => receive ? "uv_recv_buffer_size" : "uv_send_buffer_size";

    /// <summary>Node's <c>bufferSize</c> checks: the size first (<c>ERR_SOCKET_BAD_BUFFER_SIZE</c>), then a bound socket (<c>ERR_SOCKET_BUFFER_SIZE</c> wrapping <c>EBADF</c>).</summary>
    private ISocketEngine BufferSizeEngine(int? size, bool receive)
    {
        Arguments.ValidateBufferSize(size);
        lock (_gate)
        {
            ISocketEngine engine = HealthCheck();
            return _bindState == BindState.Bound
                ? engine
                : throw DgramErrors.BufferSize(BufferSyscall(receive), DgramErrorCode.BadFileDescriptor, "bad file descriptor");
        }
    }

    private static void SetBufferSize(ISocketEngine engine, int size, bool receive)
    {
        // As libuv: a size of 0 asks for the current value and changes nothing.
        if (size == 0)
        {
            return;
        }
        try
        {
            engine.SetBufferSize(receive, size);
        }
        catch (SocketException exception)
        {
            throw DgramErrors.BufferSize(BufferSyscall(receive), SystemErrors.CodeOf(exception.SocketErrorCode), exception.Message);
        }
        catch (ObjectDisposedException)
        {
            throw DgramErrors.NotRunning();
        }
    }

    private static int GetBufferSize(ISocketEngine engine, bool receive)
    {
        try
        {
            return engine.GetBufferSize(receive);
        }
        catch (SocketException exception)
        {
            throw DgramErrors.BufferSize(BufferSyscall(receive), SystemErrors.CodeOf(exception.SocketErrorCode), exception.Message);
        }
        catch (ObjectDisposedException)
        {
            throw DgramErrors.NotRunning();
        }
    }
}
