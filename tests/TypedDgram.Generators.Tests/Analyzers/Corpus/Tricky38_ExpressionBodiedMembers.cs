using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using TypedDgram.Sockets;

namespace Corpus;

// Expression-bodied members and a field initializer that creates the socket.
public sealed class ExpressionBodiedMembers
{
    private readonly DgramSocket _socket = Dgram.CreateSocket("udp4");

    public ExpressionBodiedMembers() => _socket.Bind(0, "127.0.0.1", () => _socket.SetBroadcast(true));

    public int Port => _socket.Address().Port;

    public void Ping(int port) => _socket.Send("ping", port, "127.0.0.1");
}
