using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A local that holds the field's socket, changed through the field.
public sealed class LocalAliasOfAField
{
    private readonly DgramSocket _socket = Dgram.CreateSocket("udp4");

    public void Run(byte[] message)
    {
        var socket = _socket;
        socket.Connect(41234, "127.0.0.1");
        _socket.Disconnect();
        socket.Send(message, 41234, "127.0.0.1");
    }
}
