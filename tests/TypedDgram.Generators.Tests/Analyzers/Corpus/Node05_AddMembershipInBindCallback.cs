using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// node:dgram docs, socket.addMembership: join the group once bound (cluster example, worker side).
public static class AddMembershipInBindCallback
{
    public static void Run()
    {
        var s = Dgram.CreateSocket("udp4");
        s.Bind(1234, () =>
        {
            s.AddMembership("224.0.0.114");
        });
    }
}
