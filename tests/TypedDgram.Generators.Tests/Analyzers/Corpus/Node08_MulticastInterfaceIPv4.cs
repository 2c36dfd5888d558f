using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, socket.setMulticastInterface: IPv4 outgoing multicast interface, and back to the system's choice.
public static class MulticastInterfaceIPv4
{
    public static void Run()
    {
        var socket = Dgram.CreateSocket("udp4");
        socket.Bind(1234, () =>
        {
            socket.SetMulticastInterface("10.0.0.2");
            socket.SetMulticastInterface("0.0.0.0");
        });
    }
}
