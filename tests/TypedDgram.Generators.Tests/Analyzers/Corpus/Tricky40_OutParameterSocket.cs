using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A socket handed out through an out parameter, then replaced.
public static class OutParameterSocket
{
    public static void Run(byte[] message)
    {
        var client = Dgram.CreateSocket("udp4");
        client.Connect(41234);
        Replace(out client);
        client.Send(message, 41234, "127.0.0.1");
    }

    private static void Replace(out DgramSocket socket) => socket = Dgram.CreateSocket("udp4");
}
