using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, socket.send: a packet composed of multiple buffers, to 127.0.0.1.
public static class SendMultipleBuffers
{
    public static void Run()
    {
        var buf1 = Encoding.UTF8.GetBytes("Some ");
        var buf2 = Encoding.UTF8.GetBytes("bytes");
        var client = Dgram.CreateSocket("udp4");
        client.Send(new[] { buf1, buf2 }, 41234, (err, bytes) => client.Close());
    }
}
