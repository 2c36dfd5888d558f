using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A socket in a field, created and connected in the constructor, used by the other members.
public sealed class FieldSetInConstructor : IDisposable
{
    private readonly DgramSocket _socket;

    public FieldSetInConstructor(int port)
    {
        _socket = Dgram.CreateSocket("udp4");
        _socket.Connect(port, "127.0.0.1");
    }

    public void Send(byte[] message) => _socket.Send(message);

    public void Reconnect(int port)
    {
        _socket.Disconnect();
        _socket.Connect(port, "127.0.0.1");
    }

    public void Dispose() => _socket.Close();
}
