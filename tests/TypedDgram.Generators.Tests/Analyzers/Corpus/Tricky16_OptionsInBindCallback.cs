using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Every option inside the Bind callback, where the socket is bound.
public static class OptionsInBindCallback
{
    public static void Run()
    {
        var socket = Dgram.CreateSocket("udp4");
        socket.Bind(0, "127.0.0.1", () =>
        {
            socket.SetBroadcast(true);
            socket.SetTTL(128);
            socket.SetMulticastTTL(1);
            socket.SetMulticastLoopback(true);
            socket.SetRecvBufferSize(65536);
            Console.WriteLine(socket.GetSendBufferSize());
        });
    }
}
