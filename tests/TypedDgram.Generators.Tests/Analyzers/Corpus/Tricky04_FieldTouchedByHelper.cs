using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A helper of the same class disconnects the field between the Connect and the Send.
public sealed class FieldTouchedByHelper
{
    private readonly DgramSocket _socket = Dgram.CreateSocket("udp4");

    public void Run(byte[] message)
    {
        _socket.Connect(41234, "127.0.0.1");
        _socket.Send(message);
        Reset();
        _socket.Send(message, 41234, "127.0.0.1");
    }

    private void Reset() => _socket.Disconnect();
}
