using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Disconnect and RemoteAddress after Connect on every path.
public static class DisconnectAfterConnectOnEveryPath
{
    public static async Task Run(bool fast)
    {
        var client = Dgram.CreateSocket("udp4");
        if (fast)
        {
            client.Connect(41234);
        }
        else
        {
            await client.ConnectAsync(41234, "127.0.0.1");
        }

        Console.WriteLine(client.RemoteAddress().Port);
        client.Disconnect();
    }
}
