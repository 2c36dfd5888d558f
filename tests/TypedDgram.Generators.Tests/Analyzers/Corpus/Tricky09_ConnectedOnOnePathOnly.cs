using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Connected on one path only: the analysis does not claim either state after the join.
public static class ConnectedOnOnePathOnly
{
    public static void Run(byte[] message, bool connect)
    {
        var client = Dgram.CreateSocket("udp4");
        if (connect)
        {
            client.Connect(41234, "127.0.0.1");
        }

        if (connect)
        {
            client.Send(message);
            client.Disconnect();
        }
        else
        {
            client.Send(message, 41234, "127.0.0.1");
        }
    }
}
