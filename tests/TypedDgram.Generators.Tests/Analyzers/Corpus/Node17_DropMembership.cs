using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, dropMembership: leave a group joined earlier.
public static class DropMembership
{
    public static void Run()
    {
        var receiver = Dgram.CreateSocket(new SocketOptions { Type = "udp4", ReuseAddr = true });
        receiver.Bind(41234, () =>
        {
            receiver.AddMembership("239.255.10.1", "127.0.0.1");
            receiver.DropMembership("239.255.10.1", "127.0.0.1");
        });
    }
}
