using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A factory that binds, configures and returns the socket; callers use it bound.
public static class FactoryReturnsBoundSocket
{
    public static async Task<DgramSocket> CreateBroadcaster()
    {
        var socket = Dgram.CreateSocket("udp4");
        await socket.BindAsync();
        socket.SetBroadcast(true);
        return socket;
    }

    public static async Task Use(byte[] message)
    {
        var socket = await CreateBroadcaster();
        socket.SetTTL(2);
        socket.Send(message, 41234, "255.255.255.255");
    }
}
