using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// try/finally around a connected exchange.
public static class CloseInFinally
{
    public static void Run(byte[] message)
    {
        var client = Dgram.CreateSocket("udp4");
        try
        {
            client.Connect(41234, "127.0.0.1");
            client.Send(message);
            client.Disconnect();
        }
        finally
        {
            client.Close();
        }
    }

    public static void Lock(object gate, DgramSocket socket, byte[] message)
    {
        lock (gate)
        {
            socket.Connect(41234);
        }

        socket.Send(message);
    }
}
