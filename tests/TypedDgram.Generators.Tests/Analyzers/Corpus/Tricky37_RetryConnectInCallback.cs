using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Retry a failed connect from its callback: only after a failure, so the socket is not connected.
public static class RetryConnectInCallback
{
    public static void Run(byte[] message)
    {
        var client = Dgram.CreateSocket("udp4");
        client.Connect(41234, "primary.example", err =>
        {
            if (err is { })
            {
                client.Connect(41234, "backup.example", _ => client.Send(message));
            }
        });
    }
}
