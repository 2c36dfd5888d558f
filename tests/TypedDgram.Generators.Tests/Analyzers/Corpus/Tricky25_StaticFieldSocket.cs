using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A static socket shared by the class: other members can change it.
public static class StaticFieldSocket
{
    private static readonly DgramSocket Shared = Dgram.CreateSocket("udp4");

    public static void Connect(int port) => Shared.Connect(port);

    public static void Send(byte[] message, int port)
    {
        Hangup();
        Shared.Send(message, port, "127.0.0.1");
    }

    private static void Hangup() => Shared.Disconnect();
}
