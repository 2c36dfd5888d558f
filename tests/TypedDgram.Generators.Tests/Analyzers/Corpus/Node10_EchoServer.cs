using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// An echo server: answer every datagram to where it came from.
public static class EchoServer
{
    public static void Run()
    {
        var server = Dgram.CreateSocket("udp4");
        server.Message += (msg, rinfo) => server.Send(msg, rinfo.Port, rinfo.Address);
        server.Bind(41234, "127.0.0.1");
    }
}
