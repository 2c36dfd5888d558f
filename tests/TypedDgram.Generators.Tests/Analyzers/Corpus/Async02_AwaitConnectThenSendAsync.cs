using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// After await ConnectAsync, sends name no destination.
public static class AwaitConnectThenSendAsync
{
    public static async Task<int> Run(byte[] payload, CancellationToken cancellationToken)
    {
        await using var client = Dgram.CreateSocket("udp6");
        await client.ConnectAsync(41234, "::1", cancellationToken);
        await client.SendAsync(payload, cancellationToken);
        return await client.SendAsync("done", cancellationToken);
    }
}
