using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

/// <summary>
/// The network of the sockets one test host creates (<see cref="InMemorySocketEngine"/>): it gives out ports, records
/// every datagram sent, and delivers a datagram to the socket bound at its destination (every member of the group for
/// multicast, when the sender loops multicast back), as one machine's loopback would. Nothing leaves the process.
/// </summary>
internal sealed class InMemoryNetwork(Action<byte[], IPEndPoint, IPEndPoint> recordSent)
{
    // Linux's default ephemeral range (net.ipv4.ip_local_port_range).
    private const int FirstEphemeralPort = 32_768;
    private const int LastEphemeralPort = 60_999;

    private readonly Lock _gate = new();
    private readonly List<(InMemorySocketEngine Engine, IPEndPoint Local, bool Shared)> _bound = [];
    private int _nextPort = FirstEphemeralPort;

    /// <summary>An engine on this network, for <see cref="DgramSocket"/>'s constructor.</summary>
    public ISocketEngine CreateEngine(AddressFamily family, SocketOptions options) => new InMemorySocketEngine(this, family);

    /// <summary>Binds <paramref name="engine"/> at <paramref name="endpoint"/> (port 0: the next free ephemeral port); <c>EADDRINUSE</c> when taken and not both shared.</summary>
    public IPEndPoint Bind(InMemorySocketEngine engine, IPEndPoint endpoint, bool shared)
    {
        lock (_gate)
        {
            int port = endpoint.Port;
            if (port == 0)
            {
                port = NextFreePortLocked(endpoint.Address);
            }
            else if (_bound.Exists(b => b.Local.Port == port && Overlaps(b.Local.Address, endpoint.Address) && !(b.Shared && shared)))
            {
                throw new SocketException((int)SocketError.AddressAlreadyInUse);
            }
            var bound = new IPEndPoint(endpoint.Address, port);
            _bound.Add((engine, bound, shared));
            return bound;
        }
    }

    /// <summary>Gives the engine's port back (a closed socket).</summary>
    public void Unbind(InMemorySocketEngine engine)
    {
        lock (_gate)
        {
            _bound.RemoveAll(b => ReferenceEquals(b.Engine, engine));
        }
    }

    /// <summary>Records a datagram <paramref name="sender"/> sent, and queues it on the socket (or group members) bound at <paramref name="destination"/>.</summary>
    public void Send(InMemorySocketEngine sender, ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        var to = Unmapped(destination);
        var from = SourceOf(sender, to);
        var bytes = datagram.ToArray();
        recordSent(bytes, from, to);
        foreach (var receiver in ReceiversOf(to, from, sender))
        {
            _ = receiver.Accept(bytes, from);
        }
    }

    /// <summary>Delivers <paramref name="datagram"/> from <paramref name="from"/> to every bound socket; completes once each has delivered (or dropped) it.</summary>
    public Task DeliverToAllAsync(byte[] datagram, IPEndPoint from)
    {
        InMemorySocketEngine[] receivers;
        lock (_gate)
        {
            receivers = [.. _bound.Select(b => b.Engine)];
        }
        return Task.WhenAll(receivers.Select(receiver => receiver.Accept(datagram, from)));
    }

    /// <summary>An IPv4-mapped IPv6 endpoint as the IPv4 one it stands for, so that udp4 and dual-stack udp6 sockets meet.</summary>
    public static IPEndPoint Unmapped(IPEndPoint endpoint) =>
        endpoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endpoint.Address.MapToIPv4(), endpoint.Port) : endpoint;

    private List<InMemorySocketEngine> ReceiversOf(IPEndPoint to, IPEndPoint from, InMemorySocketEngine sender)
    {
        lock (_gate)
        {
            var atPort = _bound.Where(b => b.Local.Port == to.Port).ToList();
            if (to.Address.IsIPv6Multicast || (to.AddressFamily == AddressFamily.InterNetwork && to.Address.GetAddressBytes()[0] is >= 224 and <= 239))
            {
                return sender.MulticastLoopback ? [.. atPort.Where(b => b.Engine.IsMember(to.Address, from.Address)).Select(b => b.Engine)] : [];
            }
            var first = atPort.Find(b => Overlaps(Unmapped(b.Local).Address, to.Address));
            return first.Engine is null ? [] : [first.Engine];
        }
    }

    /// <summary>The source address a datagram leaves with: the sender's bound address, or for an any-address, the loopback of the destination's family.</summary>
    private static IPEndPoint SourceOf(InMemorySocketEngine sender, IPEndPoint to)
    {
        var local = sender.Local!;
        var address = Unmapped(local).Address;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            address = to.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Loopback : IPAddress.IPv6Loopback;
        }
        return new IPEndPoint(address, local.Port);
    }

    /// <summary>Whether a socket bound at <paramref name="bound"/> receives datagrams addressed to <paramref name="address"/>: the same address, or an any-address.</summary>
    private static bool Overlaps(IPAddress bound, IPAddress address) =>
        bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
        || bound.Equals(address);

    private int NextFreePortLocked(IPAddress address)
    {
        for (int tries = 0; tries <= LastEphemeralPort - FirstEphemeralPort; tries++)
        {
            int port = _nextPort;
            _nextPort = port == LastEphemeralPort ? FirstEphemeralPort : port + 1;
            if (!_bound.Exists(b => b.Local.Port == port && Overlaps(b.Local.Address, address)))
            {
                return port;
            }
        }
        throw new SocketException((int)SocketError.AddressAlreadyInUse);
    }
}
