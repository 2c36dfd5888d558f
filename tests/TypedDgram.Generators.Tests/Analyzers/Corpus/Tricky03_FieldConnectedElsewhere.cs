using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A field connected in one method and disconnected in another: no member can know the state of the others.
public sealed class FieldConnectedElsewhere
{
    private readonly DgramSocket _socket = Dgram.CreateSocket("udp4");

    public void Start(int port) => _socket.Connect(port);

    public void Stop() => _socket.Disconnect();

    public void SendTo(byte[] message, int port) => _socket.Send(message, port, "127.0.0.1");

    public void Status() => Console.WriteLine(_socket.RemoteAddress().Port);
}
