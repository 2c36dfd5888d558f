namespace TypedDgram.Hosting;

/// <summary>
/// Where a hosted datagram endpoint listens. Binds from configuration with the property names as keys, for example
/// <c>{ "Port": 41234, "Address": "0.0.0.0", "MulticastGroup": "239.255.0.1", "MulticastInterface": "192.168.1.10" }</c>.
/// Without an <c>Address</c> the endpoint binds the loopback address.
/// </summary>
public sealed class DatagramEndpointOptions
{
    /// <summary>The socket type, <c>udp4</c> (the default) or <c>udp6</c>; anything else fails the start with <c>ERR_SOCKET_BAD_TYPE</c>.</summary>
    public string Type { get; set; } = "udp4";

    /// <summary>The port to bind, 0..65535; 0 (the default) lets the OS pick one (see <see cref="DatagramEndpoint{THandlers}.Address"/>).</summary>
    public int Port { get; set; }

    /// <summary>
    /// The address to bind. Null or empty (the default) binds the loopback address of <see cref="Type"/>
    /// (<c>127.0.0.1</c>, or <c>::1</c> for udp6), so that an endpoint is reachable from other hosts only when told:
    /// give <c>0.0.0.0</c> or <c>::</c> for every address (what Node's <c>bind</c> does without an address).
    /// </summary>
    public string? Address { get; set; }

    /// <summary>Lets several sockets bind the same port (<c>SO_REUSEADDR</c>), as multicast receivers on one host need.</summary>
    public bool ReuseAddr { get; set; }

    /// <summary>A multicast group to join once bound (Node's <c>addMembership</c>); null joins none.</summary>
    public string? MulticastGroup { get; set; }

    /// <summary>The local interface address to join <see cref="MulticastGroup"/> on; null lets the OS choose.</summary>
    public string? MulticastInterface { get; set; }

    /// <summary>The socket's receive buffer size in bytes (<c>SO_RCVBUF</c>); null keeps the OS default.</summary>
    public int? RecvBufferSize { get; set; }

    /// <summary>The socket's send buffer size in bytes (<c>SO_SNDBUF</c>); null keeps the OS default.</summary>
    public int? SendBufferSize { get; set; }
}
