using System.Buffers;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub;

/// <summary>
/// A bus link whose sender records every datagram and answers none until the test says so, as a socket whose
/// <c>sendto</c> is still running: what a bus packs while its sends are in flight is then up to the test, not to thread
/// timing. Nothing is received; a test hands datagrams to <c>MulticastBus.OnDatagram</c> itself.
/// </summary>
internal sealed class HeldLink : IBusLink
{
    private readonly HeldTransport _transport = new();

    /// <summary>The datagrams sent so far, in order.</summary>
    public IReadOnlyList<byte[]> Sent => _transport.Sent;

    public IDatagramTransport Receiver => _transport;

    public IDatagramTransport Sender => _transport;

    public TransportDestination ControlDestination => new(4242, "239.255.0.1");

    public event Action<Exception>? Error
    {
        add { }
        remove { }
    }

    /// <summary>A bus over a new held link, with <paramref name="options"/> changed by <paramref name="configure"/>.</summary>
    public static (MulticastBus Bus, HeldLink Link) NewBus(Func<MulticastOptions, MulticastOptions>? configure = null)
    {
        var link = new HeldLink();
        var options = Loopback.Options("239.255.0.1", 4242);
        return (new MulticastBus(configure?.Invoke(options) ?? options, link, 4242), link);
    }

    public TransportDestination DestinationOf(uint typeId) => ControlDestination;

    /// <summary>Answers the oldest send still held (as sent, or with <paramref name="error"/>); false when none is held.</summary>
    public bool Complete(DgramException? error = null) => _transport.CompleteOne(error);

    /// <summary>Answers every send held, including the ones its answers cause, until none is left.</summary>
    public void CompleteAll()
    {
        while (_transport.CompleteOne(null))
        {
        }
    }

    /// <summary>How many sends wait for an answer.</summary>
    public int Held => _transport.HeldCount;

    public void ReportUnhandledError(Exception error) => throw new InvalidOperationException("unexpected unhandled error", error);

    public ValueTask DisposeAsync()
    {
        _transport.Close();
        return ValueTask.CompletedTask;
    }

    private sealed class HeldTransport : IDatagramTransport
    {
        private readonly Lock _gate = new();
        private readonly List<byte[]> _sent = [];
        private readonly Queue<SendCallback> _held = new();
        private bool _closed;

        public IReadOnlyList<byte[]> Sent
        {
            get
            {
                lock (_gate)
                {
                    return [.. _sent];
                }
            }
        }

        public int HeldCount
        {
            get
            {
                lock (_gate)
                {
                    return _held.Count;
                }
            }
        }

        public object? LayerState => null;

        public bool TrySetLayerState(object state) => false;

        public void AddReceiver(RawDatagramHandler receiver)
        {
        }

        public void RemoveReceiver(RawDatagramHandler receiver)
        {
        }

        public void Send(byte[] rentedBuffer, int length, TransportDestination destination, SendCallback? callback)
        {
            lock (_gate)
            {
                var closed = _closed;
                if (!closed)
                {
                    _sent.Add(rentedBuffer.AsSpan(0, length).ToArray());
                    if (callback is not null)
                    {
                        _held.Enqueue(callback);
                    }
                }

                ArrayPool<byte>.Shared.Return(rentedBuffer);
                if (closed)
                {
                    throw DgramErrors.NotRunning();
                }
            }
        }

        // A lone PublishAsync: sent at once, as an idle socket's inline sendto.
        public ValueTask<int> SendAsync(byte[] rentedBuffer, int length, TransportDestination destination, CancellationToken cancellationToken)
        {
            Send(rentedBuffer, length, destination, null);
            return ValueTask.FromResult(length);
        }

        public bool CompleteOne(DgramException? error)
        {
            SendCallback? callback;
            lock (_gate)
            {
                if (!_held.TryDequeue(out callback))
                {
                    return false;
                }
            }

            callback(error, 0);
            return true;
        }

        // As a socket's close: what is still queued fails with NOT_RUNNING.
        public void Close()
        {
            List<SendCallback> failed;
            lock (_gate)
            {
                _closed = true;
                failed = [.. _held];
                _held.Clear();
            }

            foreach (var callback in failed)
            {
                callback(DgramErrors.NotRunning(), 0);
            }
        }

        public void ReportError(Exception error) => throw new InvalidOperationException("unexpected transport error", error);

        public void ThrowIfClosed()
        {
        }

        public void OnClosedOrThrow(Action handler)
        {
        }

        public void RemoveOnClosed(Action handler)
        {
        }
    }
}
