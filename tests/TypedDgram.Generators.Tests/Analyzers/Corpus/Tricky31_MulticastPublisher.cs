using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A multicast publisher on loopback with payloads that fit one frame.
public static class MulticastPublisher
{
    public static async Task Run()
    {
        await using var sender = Dgram.CreateSocket("udp4");
        await sender.BindAsync(0, "127.0.0.1");
        sender.SetMulticastInterface("127.0.0.1");
        sender.SetMulticastLoopback(true);
        sender.SetMulticastTTL(1);
        await sender.SendAsync(new byte[1_400], 41234, "239.255.42.1");
        await using var sender6 = Dgram.CreateSocket("udp6");
        await sender6.SendAsync(new byte[1_452], 41234, "ff15::42");
    }
}
