using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace TypedDgram.Sockets;

/// <summary>
/// Where a socket's sends go, as <see cref="SocketAddress"/>es: a request's port and host resolved through the
/// socket's <see cref="AddressResolver"/>, or the connected peer for a request without a port. The last destination
/// is kept, so repeated sends to one IP literal allocate nothing. Only the drain uses it (one drain at a time, whether
/// it runs in the queue or inline in a <c>Send</c> that claimed it).
/// </summary>
internal sealed class SendDestinations(AddressResolver resolver, Func<SocketAddress> connectedPeer)
{
    private string? _lastHost;
    private int _lastPort;
    private SocketAddress? _lastDestination;

    /// <summary>The host a send without an address goes to (Node: <c>127.0.0.1</c> or <c>::1</c>).</summary>
    public string HostOrLoopback(string? address) => resolver.HostOrLoopback(address);

    /// <summary>Where <paramref name="request"/> goes; a lookup failure or a missing peer is a <see cref="DgramException"/>.</summary>
    public ValueTask<SocketAddress> ResolveAsync(SendRequest request) =>
        request.Port is int port ? ResolveAsync(request.Address, port) : ValueTask.FromResult(connectedPeer());

    /// <summary>
    /// Where a send to <paramref name="port"/> on <paramref name="address"/> goes, when that is known without waiting:
    /// the last destination, an IP literal, or (no port) the connected peer <paramref name="peer"/>. False for a host
    /// name, a custom lookup or a missing peer, which <see cref="ResolveAsync(SendRequest)"/> handles; a literal of the
    /// wrong family throws its <see cref="DgramException"/> (<c>EINVAL</c>).
    /// </summary>
    public bool TryResolveNow(int? port, string? address, SocketAddress? peer, [NotNullWhen(true)] out SocketAddress? destination)
    {
        if (port is not int destinationPort)
        {
            destination = peer;
            return peer is not null;
        }
        string host = HostOrLoopback(address);
        if (_lastDestination is not null && destinationPort == _lastPort && string.Equals(host, _lastHost, StringComparison.Ordinal))
        {
            destination = _lastDestination;
            return true;
        }
        if (resolver.HasCustomLookup || !AddressResolver.TryParseLiteral(host, out var literal))
        {
            destination = null;
            return false;
        }
        destination = Remember(host, destinationPort, resolver.ToEndPoint(literal, destinationPort, "send", host).Serialize());
        return true;
    }

    private async ValueTask<SocketAddress> ResolveAsync(string? address, int port)
    {
        string host = HostOrLoopback(address);
        if (_lastDestination is not null && port == _lastPort && string.Equals(host, _lastHost, StringComparison.Ordinal))
        {
            return _lastDestination;
        }
        // Only IP literals resolved without a custom lookup may be reused: a host name can change, and a custom lookup sees every send, as in Node.
        bool literal = !resolver.HasCustomLookup && AddressResolver.TryParseLiteral(host, out _);
        IPAddress resolved = await resolver.ResolveAsync(host).ConfigureAwait(false);
        SocketAddress destination = resolver.ToEndPoint(resolved, port, "send", host).Serialize();
        return literal ? Remember(host, port, destination) : destination;
    }

    private SocketAddress Remember(string host, int port, SocketAddress destination)
    {
        (_lastHost, _lastPort, _lastDestination) = (host, port, destination);
        return destination;
    }
}
