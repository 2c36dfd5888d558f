using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// After await BindAsync the socket is bound: every option is allowed.
public static class AwaitBindThenOptions
{
    public static async Task Run()
    {
        await using var socket = Dgram.CreateSocket("udp4");
        await socket.BindAsync(0, "127.0.0.1");
        socket.SetBroadcast(true);
        socket.SetTTL(64);
        socket.SetMulticastTTL(1);
        socket.SetMulticastLoopback(true);
        socket.SetMulticastInterface("127.0.0.1");
        Console.WriteLine(socket.Address().Port);
    }
}
