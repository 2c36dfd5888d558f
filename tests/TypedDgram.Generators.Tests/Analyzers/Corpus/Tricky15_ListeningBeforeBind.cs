using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Subscribe to Listening before binding; Message handlers may be added later.
public static class ListeningBeforeBind
{
    public static void Run()
    {
        var server = Dgram.CreateSocket("udp4");
        server.Listening += () => Console.WriteLine($"listening on {server.Address().Port}");
        server.Bind(0, "127.0.0.1");
        server.Message += (msg, rinfo) => Console.WriteLine(rinfo.Size);
    }
}
