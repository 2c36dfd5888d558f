using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

/// <summary>
/// Remembers the address string, family and port of each sender, keyed by its raw socket address, so receiving
/// from a known peer allocates nothing. Used only by the socket's receive loop (one thread at a time).
/// </summary>
internal sealed class PeerCache(AddressFamily family)
{
    // Bounded because senders are untrusted: a flood of spoofed sources must not grow memory without limit.
    private const int Capacity = 1024;

    private readonly Dictionary<SocketAddress, Peer> _peers = [];
    private readonly IPEndPoint _template = new(family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
    private Peer? _last;

    public RemoteInfo Get(SocketAddress from, int size)
    {
        if (_last is null || !_last.Key.Equals(from))
        {
            if (!_peers.TryGetValue(from, out _last))
            {
                _last = Create(from);
                if (_peers.Count >= Capacity)
                {
                    _peers.Clear();
                }
                _peers[_last.Key] = _last;
            }
        }
        return new RemoteInfo(_last.Address, _last.Family, _last.Port, size);
    }

    public static string FamilyName(AddressFamily family) => family == AddressFamily.InterNetwork ? "IPv4" : "IPv6";

    private Peer Create(SocketAddress from)
    {
        var endpoint = (IPEndPoint)_template.Create(from);
        // The receive loop reuses `from` for the next datagram, so the key must be a copy.
        var key = new SocketAddress(from.Family, from.Size);
        from.Buffer.Span[..from.Size].CopyTo(key.Buffer.Span);
        return new Peer(key, endpoint.Address.ToString(), FamilyName(endpoint.AddressFamily), endpoint.Port);
    }

    private sealed record Peer(SocketAddress Key, string Address, string Family, int Port);
}
