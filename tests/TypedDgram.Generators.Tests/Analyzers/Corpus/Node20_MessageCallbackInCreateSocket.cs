using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, dgram.createSocket(type, callback): the callback listens for messages.
public static class MessageCallbackInCreateSocket
{
    public static void Run()
    {
        var server = Dgram.CreateSocket("udp6", (msg, rinfo) => Console.WriteLine($"{rinfo.Family} {rinfo.Address} {rinfo.Size}"));
        server.Bind(41234, "::");
    }
}
