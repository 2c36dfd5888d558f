using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A client connected with ConfigureAwait(false): replies without a destination in its handler and in a local function,
// a reconnect helper that disconnects first.
public static class ConnectedClientHandlers
{
    public static async Task RunAsync(byte[] ping)
    {
        await using var client = Dgram.CreateSocket("udp4");
        await client.ConnectAsync(41234, "127.0.0.1").ConfigureAwait(false);
        client.Message += (msg, rinfo) => client.Send(ping);
        Ping();
        await client.SendAsync(ping).ConfigureAwait(false);
        Console.WriteLine(Peer());

        void Ping() => client.Send(ping, 0, ping.Length);
        string Peer() => client.RemoteAddress().Address;
    }
}
