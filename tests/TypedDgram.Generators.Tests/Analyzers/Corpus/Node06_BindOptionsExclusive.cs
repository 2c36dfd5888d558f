using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, socket.bind(options): a socket listening on an exclusive port.
public static class BindOptionsExclusive
{
    public static void Run(DgramSocket socket)
    {
        socket.Bind(new BindOptions
        {
            Address = "localhost",
            Port = 8000,
            Exclusive = true,
        });
    }
}
