using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Helpers that receive a socket: its state comes from the caller.
public static class SocketParameters
{
    public static void Configure(DgramSocket socket)
    {
        socket.SetBroadcast(true);
        socket.SetTTL(32);
        Console.WriteLine(socket.Address().Port);
    }

    public static void Hangup(DgramSocket socket)
    {
        Console.WriteLine(socket.RemoteAddress().Port);
        socket.Disconnect();
    }

    public static void Redial(DgramSocket socket, int port) => socket.Connect(port);
}
