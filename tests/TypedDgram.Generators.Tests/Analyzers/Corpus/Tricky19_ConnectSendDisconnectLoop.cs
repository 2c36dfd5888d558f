using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A loop that connects, sends and disconnects each round.
public static class ConnectSendDisconnectLoop
{
    public static void Run(byte[] message, int[] ports)
    {
        var client = Dgram.CreateSocket("udp4");
        foreach (var port in ports)
        {
            client.Connect(port, "127.0.0.1");
            client.Send(message);
            client.Disconnect();
        }

        client.Send(message, 41234, "127.0.0.1");
    }
}
