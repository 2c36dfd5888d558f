using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

/// <summary>
/// Resolves a host name to one address of the socket's family (Node's <c>lookup</c> option). Like Node, the
/// socket calls it for every address it binds, connects or sends to, including IP literals and the defaults
/// (<c>0.0.0.0</c>, <c>127.0.0.1</c>, ...). Throw a <see cref="DgramException"/> to choose the error code;
/// any other exception is reported as <c>ENOTFOUND</c> with it as the inner exception.
/// </summary>
/// <param name="hostname">The host name or address to resolve.</param>
/// <param name="family"><see cref="AddressFamily.InterNetwork"/> for udp4, <see cref="AddressFamily.InterNetworkV6"/> for udp6.</param>
/// <param name="cancellationToken">Cancelled when the lookup is no longer needed.</param>
public delegate ValueTask<IPAddress> DnsLookup(string hostname, AddressFamily family, CancellationToken cancellationToken);
