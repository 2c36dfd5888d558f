using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A primary-constructor parameter is shared by every member, like a field.
public sealed class PrimaryConstructor(DgramSocket socket)
{
    public void Start(byte[] message)
    {
        socket.Connect(41234, "127.0.0.1");
        Reset();
        socket.Send(message, 41234, "127.0.0.1");
    }

    private void Reset() => socket.Disconnect();
}
