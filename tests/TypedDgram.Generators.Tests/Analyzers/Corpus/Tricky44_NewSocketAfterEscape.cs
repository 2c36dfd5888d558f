using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A socket handed to other code, then the variable gets a new socket bound before its options.
public static class NewSocketAfterEscape
{
    public static async Task Run(List<DgramSocket> pool)
    {
        var socket = Dgram.CreateSocket("udp4");
        pool.Add(socket);
        socket = Dgram.CreateSocket("udp4");
        await socket.BindAsync();
        socket.SetBroadcast(true);
    }
}
