using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A socket passed to a method that disconnects it.
public static class SocketPassedToMethod
{
    public static void Run(byte[] message)
    {
        var client = Dgram.CreateSocket("udp4");
        client.Connect(41234, "127.0.0.1");
        Disconnector.Reset(client);
        client.Send(message, 41234, "127.0.0.1");
    }
}

public static class Disconnector
{
    public static void Reset(DgramSocket socket) => socket.Disconnect();
}
