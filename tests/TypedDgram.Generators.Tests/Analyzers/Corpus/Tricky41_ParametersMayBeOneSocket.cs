using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Two parameters may be the same socket: a change through one is a change through the other.
public static class ParametersMayBeOneSocket
{
    public static void Relay(DgramSocket inbound, DgramSocket outbound, byte[] message)
    {
        outbound.Connect(41234, "127.0.0.1");
        inbound.Disconnect();
        outbound.Send(message, 41234, "127.0.0.1");
    }
}
