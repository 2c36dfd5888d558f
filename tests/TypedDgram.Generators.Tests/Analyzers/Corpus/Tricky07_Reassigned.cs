using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A variable reassigned to a socket from elsewhere.
public static class Reassigned
{
    public static void Run(byte[] message, DgramSocket spare)
    {
        var client = Dgram.CreateSocket("udp4");
        client.Connect(41234, "127.0.0.1");
        client = spare;
        client.Send(message, 41234, "127.0.0.1");
        client.Disconnect();
    }
}
