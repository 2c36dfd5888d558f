using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// using var, sends that bind implicitly, options after the first send.
public static class UsingDeclarationSends
{
    public static void Run(byte[] message)
    {
        using var socket = Dgram.CreateSocket("udp4");
        socket.Send(message, 41234, "127.0.0.1");
        socket.SetTTL(8);
        socket.Send(message, 41235, "127.0.0.1");
        Console.WriteLine(socket.Address().Port);
    }
}
