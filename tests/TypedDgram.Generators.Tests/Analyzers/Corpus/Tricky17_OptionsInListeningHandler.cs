using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Options in a Listening handler, subscribed before the bind.
public static class OptionsInListeningHandler
{
    public static void Run()
    {
        var socket = Dgram.CreateSocket("udp6");
        socket.Listening += () =>
        {
            socket.SetMulticastInterface("::%1");
            socket.SetMulticastTTL(4);
        };
        socket.Bind();
    }
}
