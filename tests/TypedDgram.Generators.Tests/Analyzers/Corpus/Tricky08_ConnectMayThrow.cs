using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Connect in a try: after the catch the socket may not be connected.
public static class ConnectMayThrow
{
    public static void Run(byte[] message, int port)
    {
        var client = Dgram.CreateSocket("udp4");
        try
        {
            client.Connect(port, "127.0.0.1");
        }
        catch (DgramException error)
        {
            Console.Error.WriteLine(error.Code);
        }

        try
        {
            client.Connect(port + 1);
        }
        catch (DgramException)
        {
            client.Send(message, port, "127.0.0.1");
        }
    }
}
