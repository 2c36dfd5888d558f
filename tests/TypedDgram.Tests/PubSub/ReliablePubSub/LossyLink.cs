using System.Net.Sockets;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub.ReliablePubSub;

/// <summary>
/// A bus's real multicast link on loopback whose receiving side drops chosen publications before the bus sees them:
/// exact, deterministic loss for one subscriber (the namespace tests add random loss in the kernel). A publication
/// number listed is dropped the first <c>times</c> it arrives; its retransmissions after that pass.
/// </summary>
internal sealed class LossyLink : IBusLink
{
    private readonly MulticastLink _inner;
    private readonly FilteringTransport _receiver;

    private LossyLink(MulticastLink inner, Func<FrameHeader, bool> drop)
    {
        _inner = inner;
        _receiver = new FilteringTransport(inner.Receiver, drop);
    }

    public event Action<Exception>? Error
    {
        add => _inner.Error += value;
        remove => _inner.Error -= value;
    }

    public IDatagramTransport Receiver => _receiver;

    public IDatagramTransport Sender => _inner.Sender;

    public TransportDestination ControlDestination => _inner.ControlDestination;

    /// <summary>Publications (or batches) this link dropped.</summary>
    public int Dropped => _receiver.Dropped;

    /// <summary>
    /// A bus on <paramref name="options"/> that does not see the publications numbered <paramref name="lost"/> the
    /// first <paramref name="times"/> they arrive (from any publisher).
    /// </summary>
    public static Task<(MulticastBus Bus, LossyLink Link)> JoinAsync(MulticastOptions options, IEnumerable<ulong> lost, int times = 1)
    {
        var remaining = lost.ToDictionary(number => number, _ => times);
        return JoinAsync(options, header =>
        {
            lock (remaining)
            {
                if (header.Kind is not (FrameKind.Publication or FrameKind.Batch)
                    || !remaining.TryGetValue(header.Sequence, out var left) || left == 0)
                {
                    return false;
                }

                remaining[header.Sequence] = left - 1;
                return true;
            }
        });
    }

    /// <summary>A bus on <paramref name="options"/> that does not see the frames (of any kind) <paramref name="drop"/> chooses.</summary>
    public static async Task<(MulticastBus Bus, LossyLink Link)> JoinAsync(MulticastOptions options, Func<FrameHeader, bool> drop)
    {
        var inner = await MulticastLink.OpenAsync(options, AddressFamily.InterNetwork, CancellationToken.None);
        var link = new LossyLink(inner, drop);
        return (new MulticastBus(options, link, inner.Port), link);
    }

    public TransportDestination DestinationOf(uint typeId) => _inner.DestinationOf(typeId);

    public void ReportUnhandledError(Exception error) => _inner.ReportUnhandledError(error);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    /// <summary>The receiving socket's transport with a filter in front of the bus's hook.</summary>
    private sealed class FilteringTransport(IDatagramTransport inner, Func<FrameHeader, bool> drop) : IDatagramTransport
    {
        private readonly Dictionary<RawDatagramHandler, RawDatagramHandler> _wrapped = [];
        private int _dropped;

        public int Dropped => Volatile.Read(ref _dropped);

        public object? LayerState => inner.LayerState;

        public bool TrySetLayerState(object state) => inner.TrySetLayerState(state);

        public void AddReceiver(RawDatagramHandler receiver)
        {
            RawDatagramHandler filtered = (datagram, from) =>
            {
                if (FrameOf(datagram) is { } header && drop(header))
                {
                    Interlocked.Increment(ref _dropped);
                    return;
                }

                receiver(datagram, from);
            };
            lock (_wrapped)
            {
                _wrapped[receiver] = filtered;
            }

            inner.AddReceiver(filtered);
        }

        public void RemoveReceiver(RawDatagramHandler receiver)
        {
            lock (_wrapped)
            {
                if (_wrapped.Remove(receiver, out var filtered))
                {
                    inner.RemoveReceiver(filtered);
                }
            }
        }

        public void Send(byte[] rentedBuffer, int length, TransportDestination destination, SendCallback? callback) =>
            inner.Send(rentedBuffer, length, destination, callback);

        public ValueTask<int> SendAsync(byte[] rentedBuffer, int length, TransportDestination destination, CancellationToken cancellationToken) =>
            inner.SendAsync(rentedBuffer, length, destination, cancellationToken);

        public void ReportError(Exception error) => inner.ReportError(error);

        public void ThrowIfClosed() => inner.ThrowIfClosed();

        public void OnClosedOrThrow(Action handler) => inner.OnClosedOrThrow(handler);

        public void RemoveOnClosed(Action handler) => inner.RemoveOnClosed(handler);

        private static FrameHeader? FrameOf(ReadOnlySpan<byte> datagram) =>
            PublicationHeader.TryRead(datagram, out var header, out _) ? header
            : SecureFrame.TryRead(datagram, out var layout, out _, out _) ? new FrameHeader(layout.Kind, layout.PublisherId, layout.Sequence, layout.PayloadStart)
            : null;
    }
}
