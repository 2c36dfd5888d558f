using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, get/setRecvBufferSize: only once the socket is listening.
public static class BufferSizesWhenListening
{
    public static void Run()
    {
        var server = Dgram.CreateSocket("udp4");
        server.Listening += () =>
        {
            server.SetRecvBufferSize(1 << 20);
            server.SetSendBufferSize(1 << 20);
            Console.WriteLine($"{server.GetRecvBufferSize()} {server.GetSendBufferSize()}");
        };
        server.Bind();
    }
}
