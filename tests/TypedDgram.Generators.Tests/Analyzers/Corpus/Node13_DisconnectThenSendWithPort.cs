using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, socket.disconnect: after disconnecting, sends name their destination again.
public static class DisconnectThenSendWithPort
{
    public static void Run(byte[] message)
    {
        var client = Dgram.CreateSocket("udp4");
        client.Connect(41234, "localhost", err =>
        {
            client.Send(message);
            client.Disconnect();
            client.Send(message, 41235, "localhost", (e, bytes) => client.Close());
        });
    }
}
