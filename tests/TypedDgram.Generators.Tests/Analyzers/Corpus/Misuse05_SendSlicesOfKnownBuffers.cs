using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Offsets and lengths inside buffers of known size, on connected sockets and with destinations.
public static class SendSlicesOfKnownBuffers
{
    public static async Task RunAsync()
    {
        var header = new byte[16];
        var hello = "hello"u8.ToArray();
        await using var client = Dgram.CreateSocket("udp4");
        client.Send(header, 2, 14, 41234, (e, n) => { });
        client.Send(hello, 0, hello.Length, 41234, (e, n) => { });
        client.Send("Grüße", 0, 7, 41234, (e, n) => { });
        await using var connected = Dgram.CreateSocket("udp4");
        await connected.ConnectAsync(41234, "127.0.0.1");
        connected.Send(header, 2, 14);
        connected.Send(hello, 5, 0);
    }
}
