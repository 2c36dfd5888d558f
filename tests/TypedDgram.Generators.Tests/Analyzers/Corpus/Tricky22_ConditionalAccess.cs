using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A socket that may be null: conditional access.
public static class ConditionalAccess
{
    public static void Run(DgramSocket? maybe, byte[] message)
    {
        maybe?.Send(message, 41234, "127.0.0.1");
        maybe?.Connect(41234);
        maybe?.Send(message);
        maybe?.Close();
        var socket = maybe ?? Dgram.CreateSocket("udp4");
        socket.Send(message, 41234, "127.0.0.1");
    }
}
