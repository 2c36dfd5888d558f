using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Sockets kept in a list and used from there.
public static class SocketsInAList
{
    public static void Run(byte[] message)
    {
        var sockets = new List<DgramSocket>();
        for (var i = 0; i < 3; i++)
        {
            var socket = Dgram.CreateSocket("udp4");
            socket.Connect(41234 + i, "127.0.0.1");
            sockets.Add(socket);
        }

        foreach (var socket in sockets)
        {
            socket.Send(message);
            socket.Disconnect();
            socket.Send(message, 41240, "127.0.0.1");
        }
    }
}
