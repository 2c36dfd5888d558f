using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Null checks and nameof do not change a socket.
public static class ConnectThenNullCheck
{
    public static void Run(byte[] message)
    {
        var client = Dgram.CreateSocket("udp4");
        if (client is null)
        {
            throw new InvalidOperationException(nameof(client));
        }

        client.Connect(41234, "127.0.0.1");
        client.Send(message);
        client.Disconnect();
        client.Send(message, 41234, "127.0.0.1");
    }
}
