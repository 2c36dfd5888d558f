using System.Threading.Channels;
using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Sockets;

namespace TypedDgram.Tests.Reliability;

/// <summary>A socket bound to an ephemeral loopback port with <see cref="FaultHandlers"/> ready, its errors recorded, and a sender.</summary>
internal sealed class Endpoint : IAsyncDisposable
{
    private readonly Channel<Exception> _errors = Channel.CreateUnbounded<Exception>();
    private DgramSocket? _sender;

    private Endpoint(DgramSocket socket)
    {
        Socket = socket;
        Handlers = new FaultHandlers { Socket = socket };
        socket.Error += error => _errors.Writer.TryWrite(error);
    }

    public DgramSocket Socket { get; }

    public FaultHandlers Handlers { get; }

    public int Port { get; private set; }

    public static async Task<Endpoint> StartAsync()
    {
        var endpoint = new Endpoint(Dgram.CreateSocket("udp4"));
        await Wait.For(endpoint.Socket.BindAsync(0, "127.0.0.1"));
        endpoint.Port = endpoint.Socket.Address().Port;
        return endpoint;
    }

    /// <summary>Sends <paramref name="message"/> to this endpoint from a second socket.</summary>
    public async Task SendAsync<T>(T message)
        where T : IDatagram<T>
        => await Wait.For((await SenderAsync()).SendAsync(message, Port, "127.0.0.1").AsTask());

    public async Task SendRawAsync(byte[] datagram)
        => await Wait.For((await SenderAsync()).SendAsync(datagram, Port, "127.0.0.1").AsTask());

    public Task<int> NextWorkAsync() => FaultTests.ReadAsync(Handlers.Worked);

    public Task<Exception> NextErrorAsync() => FaultTests.ReadAsync(_errors);

    public async ValueTask DisposeAsync()
    {
        await Socket.DisposeAsync();
        if (_sender is not null)
        {
            await _sender.DisposeAsync();
        }
    }

    private async Task<DgramSocket> SenderAsync()
    {
        if (_sender is null)
        {
            _sender = Dgram.CreateSocket("udp4");
            await Wait.For(_sender.BindAsync(0, "127.0.0.1"));
        }

        return _sender;
    }
}
