namespace TypedDgram.Sockets;

/// <summary>
/// A socket's local or remote endpoint, as Node's <c>socket.address()</c> and <c>socket.remoteAddress()</c> return it.
/// </summary>
/// <param name="Address">The IP address.</param>
/// <param name="Family"><c>"IPv4"</c> or <c>"IPv6"</c>.</param>
/// <param name="Port">The port.</param>
public readonly record struct AddressInfo(string Address, string Family, int Port);
