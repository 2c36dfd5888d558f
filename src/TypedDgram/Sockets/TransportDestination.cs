namespace TypedDgram.Sockets;

/// <summary>
/// Where an <see cref="IDatagramTransport"/> sends. For UDP, a port and a host name or address (null address: the
/// loopback address), or no port at all for a connected socket's peer, validated as the socket's <c>Send</c> does. A
/// transport without ports reads <see cref="Address"/> as its own name for the destination and needs no port.
/// </summary>
/// <param name="Port">The destination port, 1..65535; null for a connected socket's peer.</param>
/// <param name="Address">The destination host or address; null for loopback, or for the connected peer.</param>
internal readonly record struct TransportDestination(int? Port, string? Address)
{
    /// <summary>A connected socket's peer.</summary>
    public static TransportDestination ConnectedPeer => default;
}
