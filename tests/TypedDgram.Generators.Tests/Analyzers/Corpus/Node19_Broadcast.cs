using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, setBroadcast: once bound, send to the broadcast address.
public static class Broadcast
{
    public static void Run(byte[] announcement)
    {
        var socket = Dgram.CreateSocket("udp4");
        socket.Bind(() =>
        {
            socket.SetBroadcast(true);
            socket.Send(announcement, 41234, "255.255.255.255");
        });
    }
}
