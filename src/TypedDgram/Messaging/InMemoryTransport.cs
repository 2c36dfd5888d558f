using System.Buffers;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>
/// An <see cref="IDatagramTransport"/> with no socket behind it, for <see cref="DatagramTestHost"/>: what is sent is
/// recorded (a copy, the pooled buffer returned at once, as a socket returns it after the send), errors are recorded
/// instead of raised, and nothing is received except what the host delivers itself.
/// </summary>
internal sealed class InMemoryTransport : IDatagramTransport
{
    private readonly object _gate = new();
    private readonly List<SentDatagram> _sent = [];
    private readonly List<Exception> _errors = [];
    private readonly List<Action> _closedHandlers = [];
    private object? _layerState;
    private bool _closed;

    public IReadOnlyList<SentDatagram> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    public IReadOnlyList<Exception> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    public object? LayerState => Volatile.Read(ref _layerState);

    public bool TrySetLayerState(object state) => Interlocked.CompareExchange(ref _layerState, state, null) is null;

    // The host dispatches to its attachments itself, so that it can await their asynchronous handlers.
    public void AddReceiver(RawDatagramHandler receiver)
    {
    }

    public void RemoveReceiver(RawDatagramHandler receiver)
    {
    }

    public void Send(byte[] rentedBuffer, int length, TransportDestination destination, SendCallback? callback)
    {
        Record(rentedBuffer, length, destination);
        callback?.Invoke(null, length);
    }

    public ValueTask<int> SendAsync(byte[] rentedBuffer, int length, TransportDestination destination, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            ArrayPool<byte>.Shared.Return(rentedBuffer);
            return ValueTask.FromCanceled<int>(cancellationToken);
        }

        Record(rentedBuffer, length, destination);
        return ValueTask.FromResult(length);
    }

    public void ReportError(Exception error)
    {
        lock (_gate)
        {
            _errors.Add(error);
        }
    }

    public void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closed))
        {
            throw DgramErrors.NotRunning();
        }
    }

    public void OnClosedOrThrow(Action handler)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            _closedHandlers.Add(handler);
        }
    }

    public void RemoveOnClosed(Action handler)
    {
        lock (_gate)
        {
            _closedHandlers.Remove(handler);
        }
    }

    /// <summary>Closes the transport: the closed handlers run once, and every later operation throws <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c>.</summary>
    public void Close()
    {
        Action[] handlers;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            handlers = [.. _closedHandlers];
            _closedHandlers.Clear();
        }

        foreach (var handler in handlers)
        {
            handler();
        }
    }

    /// <summary>Records a datagram one of the host's sockets sent, in the same list as the attachments' own sends, so that <c>Sent</c> keeps one order.</summary>
    public void RecordSent(SentDatagram datagram)
    {
        lock (_gate)
        {
            _sent.Add(datagram);
        }
    }

    private void Record(byte[] rentedBuffer, int length, TransportDestination destination)
    {
        var copy = rentedBuffer.AsSpan(0, length).ToArray();
        ArrayPool<byte>.Shared.Return(rentedBuffer);
        lock (_gate)
        {
            ThrowIfClosed();
            _sent.Add(new SentDatagram(copy, destination.Port, destination.Address));
        }
    }
}
