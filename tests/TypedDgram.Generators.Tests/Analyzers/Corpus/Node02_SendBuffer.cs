using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, socket.send: sending a UDP packet to a port on localhost.
public static class SendBuffer
{
    public static void Run()
    {
        var message = Encoding.UTF8.GetBytes("Some bytes");
        var client = Dgram.CreateSocket("udp4");
        client.Send(message, 41234, "localhost", (err, bytes) => client.Close());
    }
}
