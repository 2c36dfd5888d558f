using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Ports, TTLs and payloads exactly at their limits.
public static class LimitsAtTheBoundary
{
    public static void Run()
    {
        var v4 = Dgram.CreateSocket("udp4");
        v4.Bind(65535, "127.0.0.1", () =>
        {
            v4.SetTTL(1);
            v4.SetTTL(255);
            v4.SetMulticastTTL(0);
            v4.SetMulticastTTL(255);
        });
        v4.Send(new byte[65_507], 1, "127.0.0.1");
        var v6 = Dgram.CreateSocket("udp6");
        v6.Send(new byte[65_527], 65535, "::1");
    }
}
