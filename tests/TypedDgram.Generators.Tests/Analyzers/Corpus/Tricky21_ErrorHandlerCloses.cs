using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// An Error handler that closes the socket; options once bound.
public static class ErrorHandlerCloses
{
    public static async Task Run()
    {
        var socket = Dgram.CreateSocket("udp4");
        socket.Error += error => socket.Close();
        await socket.BindAsync(41234);
        socket.SetMulticastLoopback(false);
    }
}
