using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A socket captured by a lambda that another method invokes.
public static class CapturedByLambdaInvokedElsewhere
{
    public static void Run(byte[] message)
    {
        var client = Dgram.CreateSocket("udp4");
        client.Connect(41234, "127.0.0.1");
        Action reset = () => client.Disconnect();
        Invoke(reset);
        client.Send(message, 41234, "127.0.0.1");
    }

    private static void Invoke(Action action) => action();
}
