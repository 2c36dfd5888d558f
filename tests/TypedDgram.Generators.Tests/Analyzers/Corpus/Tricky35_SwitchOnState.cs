using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// A small state machine: connect on one command, disconnect on another.
public sealed class SwitchOnState
{
    private bool _connected;

    public void Handle(DgramSocket socket, string command, byte[] message)
    {
        switch (command)
        {
            case "connect" when !_connected:
                socket.Connect(41234, "127.0.0.1");
                _connected = true;
                break;
            case "disconnect" when _connected:
                socket.Disconnect();
                _connected = false;
                break;
            case "send" when _connected:
                socket.Send(message);
                break;
            default:
                socket.Send(message, 41234, "127.0.0.1");
                break;
        }
    }
}
