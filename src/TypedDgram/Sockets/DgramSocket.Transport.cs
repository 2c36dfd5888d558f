namespace TypedDgram.Sockets;

// The socket as the layers above see it: IDatagramTransport, implemented explicitly so that none of it shows on the
// socket's own API (reach it through DgramSocket.Transport).
public sealed partial class DgramSocket
{
    object? IDatagramTransport.LayerState => Volatile.Read(ref _layerState);

    bool IDatagramTransport.TrySetLayerState(object state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Interlocked.CompareExchange(ref _layerState, state, null) is null;
    }

    void IDatagramTransport.AddReceiver(RawDatagramHandler receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        lock (_gate)
        {
            _rawReceivers = [.. _rawReceivers, receiver];
        }
    }

    void IDatagramTransport.RemoveReceiver(RawDatagramHandler receiver)
    {
        lock (_gate)
        {
            int index = Array.IndexOf(_rawReceivers, receiver);
            if (index >= 0)
            {
                _rawReceivers = [.. _rawReceivers.AsSpan(0, index), .. _rawReceivers.AsSpan(index + 1)];
            }
        }
    }

    void IDatagramTransport.Send(byte[] rentedBuffer, int length, TransportDestination destination, SendCallback? callback)
    {
        int? port = CheckPooledSend(rentedBuffer, length, destination, out var claim);
        _ = SendOwned(rentedBuffer, length, port, destination.Address, callback, claim, awaited: false, default);
    }

    ValueTask<int> IDatagramTransport.SendAsync(byte[] rentedBuffer, int length, TransportDestination destination, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rentedBuffer);
            return ValueTask.FromCanceled<int>(cancellationToken);
        }
        int? port = CheckPooledSend(rentedBuffer, length, destination, out var claim);
        return SendOwned(rentedBuffer, length, port, destination.Address, null, claim, awaited: true, cancellationToken);
    }

    void IDatagramTransport.ReportError(Exception error) => ReportError(error);

    void IDatagramTransport.ThrowIfClosed() => HealthCheck();

    void IDatagramTransport.OnClosedOrThrow(Action handler)
    {
        Closed += handler;
        if (Volatile.Read(ref _engine) is null)
        {
            Closed -= handler;
            HealthCheck();
        }
    }

    void IDatagramTransport.RemoveOnClosed(Action handler) => Closed -= handler;
}
