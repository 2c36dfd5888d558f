using TypedDgram.Sockets;
using TypedDgram.Tests.Sockets;

namespace TypedDgram.Tests.Messaging.Requests;

/// <summary>
/// A UDP relay between one client and a server, on loopback: the client sends to <see cref="Port"/>, the relay
/// forwards to the server and the server's answers back to the client, except the first datagram in the direction
/// it is told to drop, as a lossy network would lose it.
/// </summary>
internal sealed class LossyRelay : IAsyncDisposable
{
    private readonly DgramSocket _socket = Dgram.CreateSocket("udp4");
    private readonly int _serverPort;
    private int _clientPort;
    private int _requestsToDrop;
    private int _responsesToDrop;

    private LossyRelay(int serverPort, int dropRequests, int dropResponses)
    {
        _serverPort = serverPort;
        _requestsToDrop = dropRequests;
        _responsesToDrop = dropResponses;
        _socket.Message += Forward;
    }

    public int Port => _socket.Address().Port;

    public int RequestsDropped { get; private set; }

    public int ResponsesDropped { get; private set; }

    public static async Task<LossyRelay> StartAsync(int serverPort, int dropRequests = 0, int dropResponses = 0)
    {
        var relay = new LossyRelay(serverPort, dropRequests, dropResponses);
        await relay._socket.BindAsync(0, "127.0.0.1").WaitAsync(Wait.Timeout);
        return relay;
    }

    public ValueTask DisposeAsync() => _socket.DisposeAsync();

    // Runs on the relay's receive loop, one datagram at a time.
    private void Forward(byte[] msg, RemoteInfo rinfo)
    {
        if (rinfo.Port == _serverPort)
        {
            if (_responsesToDrop > 0)
            {
                _responsesToDrop--;
                ResponsesDropped++;
                return;
            }

            _socket.Send(msg, _clientPort, "127.0.0.1");
            return;
        }

        _clientPort = rinfo.Port;
        if (_requestsToDrop > 0)
        {
            _requestsToDrop--;
            RequestsDropped++;
            return;
        }

        _socket.Send(msg, _serverPort, "127.0.0.1");
    }
}
