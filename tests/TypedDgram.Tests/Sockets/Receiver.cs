using System.Threading.Channels;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

/// <summary>A socket bound to an ephemeral loopback port that records what it receives.</summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly Channel<(byte[] Msg, RemoteInfo Rinfo)> _received = Channel.CreateUnbounded<(byte[], RemoteInfo)>();

    private Receiver(DgramSocket socket) => Socket = socket;

    public DgramSocket Socket { get; }

    public int Port => Socket.Address().Port;

    /// <summary>Wraps a socket that is bound (or will be) elsewhere, for example inside a network namespace.</summary>
    public static Receiver Wrap(DgramSocket socket)
    {
        var receiver = new Receiver(socket);
        socket.Message += (msg, rinfo) => receiver._received.Writer.TryWrite((msg, rinfo));
        return receiver;
    }

    public static async Task<Receiver> StartAsync(string type = "udp4", string? address = null, SocketOptions? options = null, int port = 0)
    {
        var socket = Dgram.CreateSocket(options ?? new SocketOptions { Type = type });
        var receiver = new Receiver(socket);
        socket.Message += (msg, rinfo) => receiver._received.Writer.TryWrite((msg, rinfo));
        await Wait.For(socket.BindAsync(port, address ?? (socket.Type == "udp4" ? "127.0.0.1" : "::1")));
        return receiver;
    }

    public async Task<(byte[] Msg, RemoteInfo Rinfo)> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>True when a datagram arrives within <paramref name="within"/>; used only to show that nothing arrives.</summary>
    public async Task<bool> AnyWithinAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _received.Reader.WaitToReadAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => Socket.DisposeAsync();
}
