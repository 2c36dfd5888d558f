using System.Net;

namespace TypedDgram.Sockets;

/// <summary>
/// Where a socket's sends go, as <see cref="SocketAddress"/>es: a request's port and host resolved through the
/// socket's <see cref="AddressResolver"/>, or the connected peer for a request without a port. The last destination
/// is kept, so repeated sends to one IP literal allocate nothing. Only the drain uses it (one drain at a time).
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
        if (literal)
        {
            (_lastHost, _lastPort, _lastDestination) = (host, port, destination);
        }
        return destination;
    }
}
