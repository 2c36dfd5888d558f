using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Two variables for one socket: a change through one is a change through the other.
public static class AliasedSocket
{
    public static void Run(byte[] message)
    {
        var client = Dgram.CreateSocket("udp4");
        var same = client;
        client.Connect(41234, "127.0.0.1");
        same.Disconnect();
        client.Send(message, 41234, "127.0.0.1");
        var again = Dgram.CreateSocket("udp4");
        var chained = again.Bind(0);
        chained.Connect(41234);
        again.RemoteAddress();
    }
}
