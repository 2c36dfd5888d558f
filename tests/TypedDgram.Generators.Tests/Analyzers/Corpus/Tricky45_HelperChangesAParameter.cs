using System;
using TypedDgram.Sockets;

namespace Corpus;

// Code of the project called between the connect and the send may reach the same socket another way.
public static class HelperChangesAParameter
{
    public static void Run(DgramSocket socket, Session session, byte[] message)
    {
        socket.Connect(41234, "127.0.0.1");
        session.Reset();
        socket.Send(message, 41234, "127.0.0.1");
    }

    public static void ThroughADelegate(DgramSocket socket, Action hangup, byte[] message)
    {
        socket.Connect(41234, "127.0.0.1");
        hangup();
        socket.Send(message, 41234, "127.0.0.1");
    }
}

public sealed class Session(DgramSocket socket)
{
    public void Reset() => socket.Disconnect();
}
