using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, dgram.createSocket(options): closing a socket with a signal (a CancellationToken here).
public static class AbortSignal
{
    public static void Run()
    {
        using var controller = new CancellationTokenSource();
        var server = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Signal = controller.Token });
        server.Message += (msg, rinfo) => Console.WriteLine($"server got: {Encoding.UTF8.GetString(msg)} from {rinfo.Address}:{rinfo.Port}");
        // Later, when you want to close the server.
        controller.Cancel();
    }
}
