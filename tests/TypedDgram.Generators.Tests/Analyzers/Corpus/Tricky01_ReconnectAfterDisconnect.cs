using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Reconnecting after a disconnect is allowed; after the last disconnect, sends name their destination.
public static class ReconnectAfterDisconnect
{
    public static void Run(byte[] message)
    {
        var client = Dgram.CreateSocket("udp4");
        client.Connect(41234, "127.0.0.1");
        client.Send(message);
        client.Disconnect();
        client.Connect(41235, "127.0.0.1");
        client.Send(message);
        client.Disconnect();
        client.Send(message, 41236, "127.0.0.1");
        client.Close();
    }
}
