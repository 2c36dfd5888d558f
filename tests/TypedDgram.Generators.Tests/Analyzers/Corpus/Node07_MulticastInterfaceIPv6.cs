using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, socket.setMulticastInterface: IPv6 outgoing multicast interface (name and number scopes).
public static class MulticastInterfaceIPv6
{
    public static void ByName()
    {
        var socket = Dgram.CreateSocket("udp6");
        socket.Bind(1234, () =>
        {
            socket.SetMulticastInterface("::%eth1");
        });
    }

    public static void ByNumber()
    {
        var socket = Dgram.CreateSocket("udp6");
        socket.Bind(1234, () =>
        {
            socket.SetMulticastInterface("::%2");
        });
    }
}
