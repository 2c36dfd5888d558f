using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// In the Connect callback, when the connect failed, the socket is not connected: naming a destination is right.
public static class ConnectCallbackFallback
{
    public static void Run(byte[] message)
    {
        var client = Dgram.CreateSocket("udp4");
        client.Connect(41234, "primary.example", err =>
        {
            if (err != null)
            {
                client.Send(message, 41234, "backup.example");
                return;
            }

            client.Send(message);
        });
    }
}
