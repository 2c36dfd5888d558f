using TypedDgram.Sockets;

namespace TypedDgram.Hosting;

/// <summary>
/// Creates the socket of a <see cref="DatagramEndpoint{THandlers}"/>. Registered in DI, it replaces
/// <see cref="Dgram.CreateSocket(SocketOptions, MessageHandler?)"/>, as ASP.NET's <c>TestServer</c> replaces the server:
/// a test registers <c>DatagramTestHost.CreateSocket</c> and the endpoint, its handlers and their replies run in memory.
/// </summary>
/// <param name="options">The socket options the endpoint's <see cref="DatagramEndpointOptions"/> give.</param>
/// <returns>A new, unbound socket.</returns>
public delegate DgramSocket DatagramSocketFactory(SocketOptions options);
