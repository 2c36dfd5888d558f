using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub.Liveliness;

/// <summary>
/// A lossy link between two groups on loopback, for exact counts: it joins one group and port, and forwards every
/// datagram to another group and port, except the publications (version 1) whose number <see cref="Drop"/> picks,
/// as a network losing exactly those would. Heartbeats and other frames pass.
/// </summary>
internal sealed class PublicationRelay : IAsyncDisposable
{
    private readonly DgramSocket _listener;
    private readonly DgramSocket _sender;
    private readonly string _toGroup;
    private readonly int _toPort;
    private int _dropped;

    private PublicationRelay(DgramSocket listener, DgramSocket sender, string toGroup, int toPort, Func<ulong, bool> drop)
    {
        _listener = listener;
        _sender = sender;
        _toGroup = toGroup;
        _toPort = toPort;
        Drop = drop;
        _listener.Message += Forward;
    }

    /// <summary>Whether to drop the publication with this number.</summary>
    public Func<ulong, bool> Drop { get; }

    /// <summary>Publications dropped so far.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    public static async Task<PublicationRelay> StartAsync(string fromGroup, int fromPort, string toGroup, int toPort, Func<ulong, bool> drop)
    {
        var listener = Dgram.CreateSocket(new SocketOptions { Type = "udp4", ReuseAddr = true });
        await listener.BindAsync(fromPort, fromGroup).WaitAsync(Loopback.Timeout);
        listener.AddMembership(fromGroup, Loopback.Interface);
        return new PublicationRelay(listener, await Loopback.RawSenderAsync(), toGroup, toPort, drop);
    }

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        await _sender.DisposeAsync();
    }

    // On the listener's receive loop, one datagram at a time: the order is kept.
    private void Forward(byte[] datagram, RemoteInfo from)
    {
        if (PublicationHeader.TryRead(datagram, out var header, out _) && header.Kind == FrameKind.Publication && Drop(header.Sequence))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        _sender.Send(datagram, _toPort, _toGroup);
    }
}
