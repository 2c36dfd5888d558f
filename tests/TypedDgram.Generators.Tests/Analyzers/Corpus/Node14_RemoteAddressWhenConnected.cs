using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, socket.remoteAddress: valid on a connected socket.
public static class RemoteAddressWhenConnected
{
    public static async Task Run()
    {
        var client = Dgram.CreateSocket("udp4");
        client.Connect(41234, "127.0.0.1", err =>
        {
            if (err is null)
            {
                var remote = client.RemoteAddress();
                Console.WriteLine($"connected to {remote.Address}:{remote.Port}");
            }
        });
        await using var other = Dgram.CreateSocket("udp6");
        await other.ConnectAsync(41234, "::1");
        Console.WriteLine(other.RemoteAddress().Port);
    }
}
