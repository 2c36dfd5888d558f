using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

/// <summary>
/// Remembers the address string, family and port of each sender, keyed by its raw socket address, so receiving
/// from a known peer allocates nothing. Used by one thread at a time: a portable receive loop's, or a receive poller's
/// thread, whose cache serves every socket it reads (a peer that talks to many sockets is one entry).
/// </summary>
internal sealed class PeerCache
{
    // Bounded because senders are untrusted: a flood of spoofed sources must not grow memory without limit.
    private const int Capacity = 1024;

    private readonly Dictionary<SocketAddress, Peer> _peers = [];
    private static readonly IPEndPoint V4Template = new(IPAddress.Any, 0);
    private static readonly IPEndPoint V6Template = new(IPAddress.IPv6Any, 0);
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
        var endpoint = (IPEndPoint)(from.Family == AddressFamily.InterNetwork ? V4Template : V6Template).Create(from);
        // The receive loop reuses `from` for the next datagram, so the key must be a copy.
        var key = new SocketAddress(from.Family, from.Size);
        from.Buffer.Span[..from.Size].CopyTo(key.Buffer.Span);
        return new Peer(key, endpoint.Address.ToString(), FamilyName(endpoint.AddressFamily), endpoint.Port);
    }

    private sealed record Peer(SocketAddress Key, string Address, string Family, int Port);
}
