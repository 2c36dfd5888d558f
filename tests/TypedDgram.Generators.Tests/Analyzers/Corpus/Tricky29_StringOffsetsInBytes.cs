using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// String messages with offsets in bytes: GetByteCount, and byte indexes into the encoded form.
public static class StringOffsetsInBytes
{
    public static void Run(DgramSocket socket, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var colon = Array.IndexOf(bytes, (byte)':');
        socket.Send(bytes, colon + 1, bytes.Length - colon - 1, 41234, (e, n) => { });
        socket.Send(line, 0, Encoding.UTF8.GetByteCount(line), 41234, (e, n) => { });
        const string Tag = "TAG:";
        socket.Send(Tag + line, Tag.Length, Encoding.UTF8.GetByteCount(line), 41234, (e, n) => { });
    }
}
