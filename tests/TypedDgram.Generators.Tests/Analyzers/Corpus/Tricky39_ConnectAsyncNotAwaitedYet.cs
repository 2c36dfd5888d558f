using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// ConnectAsync started, the task awaited later; Disconnect only after.
public static class ConnectAsyncNotAwaitedYet
{
    public static async Task Run(byte[] message)
    {
        var client = Dgram.CreateSocket("udp4");
        var connecting = client.ConnectAsync(41234, "127.0.0.1");
        await connecting;
        client.Send(message);
        client.Disconnect();
    }
}
