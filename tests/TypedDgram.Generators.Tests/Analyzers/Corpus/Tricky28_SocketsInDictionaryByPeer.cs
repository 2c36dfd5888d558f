using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A socket per peer in a dictionary, created on demand.
public sealed class SocketsByPeer
{
    private readonly Dictionary<int, DgramSocket> _byPort = new();

    public void Send(int port, byte[] message)
    {
        if (!_byPort.TryGetValue(port, out var socket))
        {
            socket = Dgram.CreateSocket("udp4");
            socket.Connect(port, "127.0.0.1");
            _byPort[port] = socket;
        }

        socket.Send(message);
    }
}
