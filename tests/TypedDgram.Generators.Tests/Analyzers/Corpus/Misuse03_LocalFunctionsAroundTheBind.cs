using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Local functions called before and after the bind, and one used as a handler: only what holds at their calls counts.
public static class LocalFunctionsAroundTheBind
{
    public static void Run(byte[] message)
    {
        using var socket = Dgram.CreateSocket("udp4");
        socket.Listening += OnListening;
        Describe();
        socket.Bind(41234, () =>
        {
            Configure();
            socket.Send(message, 41235, "127.0.0.1");
        });

        void OnListening() => Configure();
        void Configure() => socket.SetMulticastTTL(1);
        void Describe() => Console.WriteLine("binding");
    }
}
