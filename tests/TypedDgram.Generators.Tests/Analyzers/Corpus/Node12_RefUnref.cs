using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, socket.ref/unref: chaining, and a socket that does not keep the process alive.
public static class RefUnref
{
    public static async Task Run()
    {
        var socket = Dgram.CreateSocket("udp4");
        socket.Bind(0).Unref();
        socket.Ref().Ref();
        await Dgram.WhenUnreferenced();
    }
}
