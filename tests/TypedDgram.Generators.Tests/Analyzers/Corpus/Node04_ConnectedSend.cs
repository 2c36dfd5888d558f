using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, socket.send: using a socket connected to a port on localhost.
public static class ConnectedSend
{
    public static void Run()
    {
        var message = Encoding.UTF8.GetBytes("Some bytes");
        var client = Dgram.CreateSocket("udp4");
        client.Connect(41234, "localhost", err =>
        {
            client.Send(message, (e, bytes) => client.Close());
        });
    }
}
