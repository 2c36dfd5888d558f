using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

public sealed partial class DgramSocket
{
    // Large enough for any UDP datagram over IPv4 or IPv6 (without jumbograms).
    private const int ReceiveBufferSize = 65536;

    private readonly PeerCache _peers;
    private RawDatagramHandler[] _rawReceivers = [];

    /// <summary>The receive loop: completed before bind and once the loop has ended after <c>Close</c>.</summary>
    internal Task Receiving { get; private set; } = Task.CompletedTask;

    /// <summary>Whether <c>Close</c> has been called (<see cref="Closed"/> may still be on its way).</summary>
    private bool IsClosed => Volatile.Read(ref _socket) is null;

    /// <summary>Node's <c>healthCheck</c> for the typed layers: throws <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.</summary>
    internal void ThrowIfClosed() => HealthCheck();

    /// <summary>
    /// Subscribes <paramref name="handler"/> to <see cref="Closed"/> for a layer that must end with the socket; when
    /// the socket is already closed (so <see cref="Closed"/> may have been raised before the subscription), takes it
    /// back and throws <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> instead, so nothing waits for an event that is gone.
    /// </summary>
    internal void SubscribeClosedOrThrow(Action handler)
    {
        Closed += handler;
        if (IsClosed)
        {
            Closed -= handler;
            HealthCheck();
        }
    }

    /// <summary>Adds a handler that sees every datagram before <see cref="Message"/>, without a copy; an exception it throws goes to <see cref="Error"/>.</summary>
    internal void AddRawReceiver(RawDatagramHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            _rawReceivers = [.. _rawReceivers, handler];
        }
    }

    /// <summary>Removes a handler added with <see cref="AddRawReceiver"/>.</summary>
    internal void RemoveRawReceiver(RawDatagramHandler handler)
    {
        lock (_gate)
        {
            int index = Array.IndexOf(_rawReceivers, handler);
            if (index >= 0)
            {
                _rawReceivers = [.. _rawReceivers.AsSpan(0, index), .. _rawReceivers.AsSpan(index + 1)];
            }
        }
    }

    /// <summary>
    /// The socket's receive loop (Node's <c>recvStart</c>) where the Linux receive thread is not available (see
    /// DgramSocket.ReceiveThread.cs): a pooled buffer and one reused <see cref="SocketAddress"/>,
    /// so a datagram from a known peer allocates nothing unless <see cref="Message"/> has subscribers. Errors the OS
    /// reports on receive (<c>ECONNREFUSED</c> after ICMP port unreachable on a connected socket) go to
    /// <see cref="Error"/> and the loop goes on; it ends when the socket closes.
    /// </summary>
    private async Task ReceiveLoopAsync(Socket socket)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        var from = new SocketAddress(socket.AddressFamily);
        try
        {
            while (true)
            {
                int received;
                try
                {
                    received = await socket.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, from).ConfigureAwait(false);
                }
                catch (Exception) when (Volatile.Read(ref _socket) != socket)
                {
                    return;
                }
                catch (SocketException exception)
                {
                    ReportError(SystemErrors.From(exception, "recvmsg"));
                    continue;
                }
                if (Volatile.Read(ref _socket) != socket)
                {
                    return;
                }
                SocketTelemetry.Received(received);
                Deliver(buffer.AsSpan(0, received), _peers.Get(from, received));
            }
        }
        catch (Exception exception)
        {
            ReportError(exception);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Deliver(ReadOnlySpan<byte> datagram, RemoteInfo rinfo)
    {
        foreach (var receiver in Volatile.Read(ref _rawReceivers))
        {
            try
            {
                receiver(datagram, rinfo);
            }
            catch (Exception exception)
            {
                ReportError(exception);
            }
        }
        if (Message is { } message)
        {
            try
            {
                message(datagram.ToArray(), rinfo);
            }
            catch (Exception exception)
            {
                ReportError(exception);
            }
        }
    }
}
