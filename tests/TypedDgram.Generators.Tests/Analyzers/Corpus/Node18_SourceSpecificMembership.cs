using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, addSourceSpecificMembership: join a source-specific channel.
public static class SourceSpecificMembership
{
    public static void Run()
    {
        var receiver = Dgram.CreateSocket("udp4");
        receiver.Bind(41234, () =>
        {
            receiver.AddSourceSpecificMembership("10.0.0.5", "232.1.1.1", "10.0.0.2");
            receiver.DropSourceSpecificMembership("10.0.0.5", "232.1.1.1", "10.0.0.2");
        });
        var v6 = Dgram.CreateSocket("udp6");
        v6.AddSourceSpecificMembership("2001:db8::5", "ff3e::1234");
    }
}
