using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A local function that disconnects: it may be called from anywhere in the method.
public static class LocalFunctionDisconnects
{
    public static void Run(byte[] message, bool reset)
    {
        var client = Dgram.CreateSocket("udp4");
        client.Connect(41234, "127.0.0.1");
        if (reset)
        {
            Reset();
        }

        client.Send(message, 41234, "127.0.0.1");

        void Reset() => client.Disconnect();
    }
}
