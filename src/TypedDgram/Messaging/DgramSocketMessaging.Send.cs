using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>
/// Typed messaging on a <see cref="DgramSocket"/>: send contracts with the argument shapes of the raw
/// <c>Send</c>, receive them as a stream, or attach a class of [DatagramHandler] methods.
/// </summary>
public static partial class DgramSocketMessaging
{
    /// <summary>
    /// Sends <paramref name="msg"/> as one datagram to <paramref name="port"/> at <paramref name="address"/> (null:
    /// loopback), serialized into a pooled buffer. Same errors as the raw <c>Send</c> (ERR_SOCKET_BAD_PORT,
    /// ERR_SOCKET_DGRAM_IS_CONNECTED, ERR_SOCKET_DGRAM_NOT_RUNNING, ...); <paramref name="callback"/> gets the error or the byte count.
    /// </summary>
    public static void Send<T>(this DgramSocket socket, T msg, int port, string? address = null, SendCallback? callback = null)
        where T : IDatagram<T>
    {
        ArgumentNullException.ThrowIfNull(socket);
        using var activity = MessagingTelemetry.Sending<T>(port, address);
        var buffer = SerializeFor(socket, msg, out var length);
        socket.Transport.Send(buffer, length, new TransportDestination(port, address), callback);
    }

    /// <summary>Sends <paramref name="msg"/> to <paramref name="port"/> on loopback; see <see cref="Send{T}(DgramSocket, T, int, string?, SendCallback?)"/>.</summary>
    public static void Send<T>(this DgramSocket socket, T msg, int port, SendCallback? callback)
        where T : IDatagram<T>
        => socket.Send(msg, port, null, callback);

    /// <summary>Sends <paramref name="msg"/> to the connected peer, with the same errors as the raw connected <c>Send</c> (ERR_SOCKET_DGRAM_NOT_CONNECTED, ...).</summary>
    public static void Send<T>(this DgramSocket socket, T msg, SendCallback? callback = null)
        where T : IDatagram<T>
    {
        ArgumentNullException.ThrowIfNull(socket);
        using var activity = MessagingTelemetry.Sending<T>(null, null);
        var buffer = SerializeFor(socket, msg, out var length);
        socket.Transport.Send(buffer, length, TransportDestination.ConnectedPeer, callback);
    }

    /// <summary>Sends <paramref name="msg"/> as one datagram and completes with the bytes sent; same errors as the raw <c>SendAsync</c>.</summary>
    public static ValueTask<int> SendAsync<T>(this DgramSocket socket, T msg, int port, string? address = null, CancellationToken cancellationToken = default)
        where T : IDatagram<T>
    {
        ArgumentNullException.ThrowIfNull(socket);
        return SendPooledAsync(socket, msg, port, address, cancellationToken);
    }

    /// <summary>Sends <paramref name="msg"/> to the connected peer and completes with the bytes sent.</summary>
    public static ValueTask<int> SendAsync<T>(this DgramSocket socket, T msg, CancellationToken cancellationToken = default)
        where T : IDatagram<T>
    {
        ArgumentNullException.ThrowIfNull(socket);
        return SendPooledAsync(socket, msg, null, null, cancellationToken);
    }

    private static ValueTask<int> SendPooledAsync<T>(DgramSocket socket, T msg, int? port, string? address, CancellationToken cancellationToken)
        where T : IDatagram<T>
    {
        var activity = MessagingTelemetry.Sending<T>(port, address);
        try
        {
            var buffer = SerializeFor(socket, msg, out var length);
            var pending = socket.Transport.SendAsync(buffer, length, new TransportDestination(port, address), cancellationToken);
            return activity is null ? pending : MessagingTelemetry.EndWhenSent(activity, pending);
        }
        catch (Exception error) when (activity is not null)
        {
            MessagingTelemetry.Failed(activity, error);
            activity.Dispose();
            throw;
        }
    }

    // The datagram as this socket sends it: with the HMAC trailer when the contract is authenticated.
    private static byte[] SerializeFor<T>(DgramSocket socket, T msg, out int length)
        where T : IDatagram<T>
    {
        var buffer = Serialize(msg, out length);
        return T.Authenticated ? DatagramAuthenticator.Append(socket.Transport, buffer, ref length) : buffer;
    }

    /// <summary>The datagram's bytes in an array rented from the shared pool; the caller owns the array.</summary>
    internal static byte[] Serialize<T>(T msg, out int length)
        where T : IDatagram<T>
    {
        ArgumentNullException.ThrowIfNull(msg);
        return PooledEnvelope.Serialize(msg, out length);
    }
}
