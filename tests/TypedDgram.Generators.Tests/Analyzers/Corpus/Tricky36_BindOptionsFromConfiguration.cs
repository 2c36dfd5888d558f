using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Ports and addresses that are not constants are not judged.
public static class BindOptionsFromConfiguration
{
    public static void Run(DgramSocket socket, int port, string address)
    {
        socket.Bind(new BindOptions { Port = port, Address = address });
        socket.Send("ping", port + 1, address);
        socket.SetTTL(port % 255 + 1);
    }
}
