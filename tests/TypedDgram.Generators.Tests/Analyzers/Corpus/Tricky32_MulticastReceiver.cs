using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A multicast receiver joining on loopback after binding.
public static class MulticastReceiver
{
    public static async Task Run()
    {
        await using var receiver = Dgram.CreateSocket(new SocketOptions { Type = "udp4", ReuseAddr = true });
        receiver.Message += (msg, rinfo) => Console.WriteLine(msg.Length);
        await receiver.BindAsync(41234);
        receiver.AddMembership("239.255.42.1", "127.0.0.1");
    }
}
