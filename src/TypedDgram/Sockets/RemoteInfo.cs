namespace TypedDgram.Sockets;

/// <summary>
/// Where a received datagram came from (Node's <c>rinfo</c>).
/// </summary>
/// <param name="Address">The sender's IP address.</param>
/// <param name="Family"><c>"IPv4"</c> or <c>"IPv6"</c>.</param>
/// <param name="Port">The sender's port.</param>
/// <param name="Size">The datagram's size in bytes.</param>
public readonly record struct RemoteInfo(string Address, string Family, int Port, int Size);
