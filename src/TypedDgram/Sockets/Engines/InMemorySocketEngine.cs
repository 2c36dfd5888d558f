using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

/// <summary>
/// A socket engine with no OS socket: bind takes a port of its <see cref="InMemoryNetwork"/>, a send hands the bytes to
/// the network (which records them and delivers them to the network's socket bound at the destination, if any), and
/// what the network delivers arrives on an <see cref="InMemoryReceiveLoop"/>. What the kernel would refuse, it refuses
/// with the kernel's error: a second bind (<c>EINVAL</c>), a port in use (<c>EADDRINUSE</c>), a datagram over the
/// family's limit (<c>EMSGSIZE</c>), leaving a group not joined (<c>EADDRNOTAVAIL</c>); a connected socket hears only its peer.
/// Options are remembered; none reaches a network.
/// </summary>
internal sealed class InMemorySocketEngine(InMemoryNetwork network, AddressFamily family) : ISocketEngine
{
    // As Linux's defaults for net.core.rmem_default and wmem_default.
    private const int DefaultBufferSize = 212_992;

    private readonly Lock _gate = new();
    private readonly HashSet<(IPAddress Group, IPAddress? Source)> _memberships = [];
    private IPEndPoint? _local;
    private IPEndPoint? _peer;
    private InMemoryReceiveLoop? _loop;
    private int _receiveBufferSize = DefaultBufferSize;
    private int _sendBufferSize = DefaultBufferSize;
    private volatile bool _disposed;

    public AddressFamily Family => family;

    public Socket? BatchingSocket => null;

    /// <summary>Where the socket is bound; null before bind.</summary>
    public IPEndPoint? Local => Volatile.Read(ref _local);

    /// <summary>Whether the socket's own multicast datagrams reach the network's other sockets (<c>IP_MULTICAST_LOOP</c>, on by default).</summary>
    public bool MulticastLoopback { get; private set; } = true;

    /// <summary>Whether the socket joined <paramref name="group"/> (from any source, or from <paramref name="source"/>).</summary>
    public bool IsMember(IPAddress group, IPAddress source)
    {
        lock (_gate)
        {
            return _memberships.Contains((group, null)) || _memberships.Contains((group, source));
        }
    }

    public IPEndPoint Bind(IPEndPoint endpoint, bool reuseAddress, bool reusePort)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_local is not null)
        {
            throw new SocketException((int)SocketError.InvalidArgument);
        }
        var bound = network.Bind(this, endpoint, reuseAddress || reusePort);
        Volatile.Write(ref _local, bound);
        return bound;
    }

    public SocketError Connect(IPEndPoint peer)
    {
        Volatile.Write(ref _peer, InMemoryNetwork.Unmapped(peer));
        return SocketError.Success;
    }

    public SocketError Disconnect(IPEndPoint local)
    {
        Volatile.Write(ref _peer, null);
        return SocketError.Success;
    }

    public ReceiveLoop CreateReceiveLoop(RawDatagramHandler deliver, Action<Exception> reportError, bool batching, bool simulateMissingBatchCalls) =>
        _loop = new InMemoryReceiveLoop(deliver, reportError);

    public ValueTask<int> SendToAsync(ReadOnlyMemory<byte> payload, SocketAddress destination)
    {
        TrySendTo(payload.Span, destination, out int sent);
        return new ValueTask<int>(sent);
    }

    // The network copies the datagram and never waits: every send completes here.
    public bool TrySendTo(ReadOnlySpan<byte> payload, SocketAddress destination, out int sent)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // The largest UDP payload: 65535 less the IPv4 (20) or IPv6 (40) header and the UDP header (8).
        int limit = family == AddressFamily.InterNetwork ? 65_507 : 65_527;
        if (payload.Length > limit)
        {
            throw new SocketException((int)SocketError.MessageSize);
        }
        var any = new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        network.Send(this, payload, (IPEndPoint)any.Create(destination));
        sent = payload.Length;
        return true;
    }

    /// <summary>
    /// Queues a datagram from <paramref name="source"/> on the receive loop, unless the socket is unbound, closed, or
    /// connected to another peer (the kernel drops those); completes once it has been delivered or dropped.
    /// </summary>
    public Task Accept(byte[] datagram, IPEndPoint source)
    {
        if (_disposed || Volatile.Read(ref _loop) is not { } loop
            || (Volatile.Read(ref _peer) is { } peer && !peer.Equals(InMemoryNetwork.Unmapped(source))))
        {
            return Task.CompletedTask;
        }
        var address = family == AddressFamily.InterNetworkV6 && source.AddressFamily == AddressFamily.InterNetwork
            ? source.Address.MapToIPv6()
            : source.Address;
        return loop.Post(datagram, new RemoteInfo(address.ToString(), PeerCache.FamilyName(address.AddressFamily), source.Port, datagram.Length));
    }

    public void SetBroadcast(bool on)
    {
    }

    public void SetTtl(int ttl)
    {
    }

    public void SetMulticastTtl(int ttl)
    {
    }

    public void SetMulticastLoopback(bool on) => MulticastLoopback = on;

    public void SetMulticastInterface(IPAddress address)
    {
    }

    public void SetMembership(bool join, IPAddress group, IPAddress? multicastInterface) => SetSourceMembership(join, null, group, multicastInterface);

    public void SetSourceMembership(bool join, IPAddress? source, IPAddress group, IPAddress? multicastInterface)
    {
        lock (_gate)
        {
            bool changed = join ? _memberships.Add((group, source)) : _memberships.Remove((group, source));
            if (!changed)
            {
                // As Linux: joining twice is EADDRINUSE, leaving a group not joined EADDRNOTAVAIL.
                throw new SocketException((int)(join ? SocketError.AddressAlreadyInUse : SocketError.AddressNotAvailable));
            }
        }
    }

    // Linux reports double the size set (the kernel's bookkeeping share); so does this engine, so that tests agree.
    public void SetBufferSize(bool receive, int size)
    {
        if (receive)
        {
            _receiveBufferSize = size * 2;
        }
        else
        {
            _sendBufferSize = size * 2;
        }
    }

    public int GetBufferSize(bool receive) => receive ? _receiveBufferSize : _sendBufferSize;

    public long? ReadDropCount() => Local is null ? null : 0;

    public void Dispose()
    {
        _disposed = true;
        network.Unbind(this);
    }
}
