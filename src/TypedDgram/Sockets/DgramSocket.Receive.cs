namespace TypedDgram.Sockets;

public sealed partial class DgramSocket
{
    /// <summary>
    /// How many datagrams the kernel has dropped for this socket since it was created, because its receive buffer was
    /// full (the counter <c>SO_RXQ_OVFL</c> reports; read from <c>/proc/net/udp</c> and <c>/proc/net/udp6</c>). Null where
    /// the platform does not report it (not Linux, or before bind). Not in Node. Throws <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    public long? GetRecvDropCount() => HealthCheck().ReadDropCount();

    /// <summary>
    /// Delivers one received datagram, on the receive loop: to each raw receiver of the layers above (without a copy),
    /// then to <see cref="Message"/> (a copy, only when someone subscribes). An exception either throws goes to
    /// <see cref="Error"/> and the next one still runs.
    /// </summary>
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
