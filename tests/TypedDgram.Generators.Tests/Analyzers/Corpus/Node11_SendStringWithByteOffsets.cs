using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, socket.send: a string message is UTF-8; offset and length count bytes.
public static class SendStringWithByteOffsets
{
    public static void Run(DgramSocket client, string text)
    {
        client.Send(text, 0, Encoding.UTF8.GetByteCount(text), 41234, (err, bytes) => { });
        client.Send("héllo wörld", 0, 6, 41234, (err, bytes) => { });
        client.Send(text, 41234, "localhost");
    }
}
