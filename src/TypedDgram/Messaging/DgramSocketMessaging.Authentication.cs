using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

public static partial class DgramSocketMessaging
{
    /// <summary>
    /// Gives the socket the key (at least 16 bytes, copied) of HMAC-SHA256 for contracts marked
    /// <c>[Datagram(Authenticated = true)]</c>: its typed sends of them append a tag under it, and its typed receivers
    /// accept them only with a valid tag that is not a replay. Without a key such contracts can be neither sent nor
    /// received. Set it once, before sending or receiving them. Throws <see cref="ArgumentException"/> for a shorter key,
    /// <see cref="InvalidOperationException"/> when the socket already has one, and <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c>
    /// when the socket is closed. Not in Node.
    /// </summary>
    /// <param name="socket">The socket that sends and receives authenticated contracts.</param>
    /// <param name="key">The key shared by the peers out of band.</param>
    /// <returns>The socket.</returns>
    public static DgramSocket UseAuthenticationKey(this DgramSocket socket, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var authenticator = new DatagramAuthenticator(key);
        var transport = socket.Transport;
        transport.ThrowIfClosed();
        if (!MessagingState.Of(transport).TrySetAuthenticator(authenticator))
        {
            throw new InvalidOperationException("This socket already has an authentication key; a socket's key is set once.");
        }
        return socket;
    }
}
