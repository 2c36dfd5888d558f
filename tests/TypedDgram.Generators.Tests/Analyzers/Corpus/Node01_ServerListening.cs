using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, "UDP/datagram sockets": the server example.
public static class ServerListening
{
    public static void Run()
    {
        var server = Dgram.CreateSocket("udp4");
        server.Error += err =>
        {
            Console.Error.WriteLine($"server error:\n{err}");
            server.Close();
        };
        server.Message += (msg, rinfo) => Console.WriteLine($"server got: {Encoding.UTF8.GetString(msg)} from {rinfo.Address}:{rinfo.Port}");
        server.Listening += () =>
        {
            var address = server.Address();
            Console.WriteLine($"server listening {address.Address}:{address.Port}");
        };
        server.Bind(41234);
    }
}
