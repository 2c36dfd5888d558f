using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, getSendQueueSize/Count: no bind needed.
public static class SendQueueBeforeBind
{
    public static void Run()
    {
        var socket = Dgram.CreateSocket("udp4");
        Console.WriteLine($"{socket.GetSendQueueSize()} bytes in {socket.GetSendQueueCount()} sends");
        socket.Close();
    }
}
