using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// The Connected event and a Connect without callback.
public static class ConnectedEventHandler
{
    public static void Run(byte[] message)
    {
        var client = Dgram.CreateSocket("udp4");
        client.Connected += () => client.Send(message);
        client.Connect(41234, "127.0.0.1");
    }
}
