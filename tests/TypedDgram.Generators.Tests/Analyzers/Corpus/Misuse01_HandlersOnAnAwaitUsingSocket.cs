using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Handlers written in the member of an await using socket: the reply names its destination (never connected), options
// in the Listening handler (bound by then), a close on error.
public static class HandlersOnAnAwaitUsingSocket
{
    public static async Task RunAsync(byte[] reply, CancellationToken stop)
    {
        await using var server = Dgram.CreateSocket("udp4");
        server.Message += (msg, rinfo) => server.Send(reply, rinfo.Port, rinfo.Address);
        server.Listening += () => server.SetBroadcast(true);
        server.Error += e => server.Close();
        await server.BindAsync(41234, "127.0.0.1");
        await Task.Delay(Timeout.Infinite, stop);
    }
}
