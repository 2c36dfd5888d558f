using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A socket used by a background task: the task may run at any time.
public static class TaskRunCapture
{
    public static async Task Run(byte[] message)
    {
        var client = Dgram.CreateSocket("udp4");
        var background = Task.Run(() => client.Connect(41234, "127.0.0.1"));
        await background;
        client.Send(message);
        var unbound = Dgram.CreateSocket("udp4");
        var binder = Task.Run(() => unbound.Bind(0));
        await binder;
        unbound.SetBroadcast(true);
    }
}
