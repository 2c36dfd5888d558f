using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Sockets looked up in a registry may be one object under two names.
public static class SocketFromARegistry
{
    private static readonly Dictionary<string, DgramSocket> Registry = new();

    public static void Run(byte[] message)
    {
        var first = Registry["a"];
        var second = Registry["b"];
        first.Connect(41234, "127.0.0.1");
        second.Disconnect();
        first.Send(message, 41234, "127.0.0.1");
        var third = Registry["c"];
        Registry["d"].Connect(41235);
        third.Disconnect();
    }
}
