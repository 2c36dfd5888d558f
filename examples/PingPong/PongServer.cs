using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace PingPong;

/// <summary>Answers every ping to its sender; attached to a socket, it receives through the generated dispatch.</summary>
public sealed partial class PongServer(DgramSocket socket)
{
    [DatagramHandler]
    private void On(Ping ping, RemoteInfo from)
        => socket.Send(new Pong(ping.Seq, ping.SentAt, "pong-server"), from.Port, from.Address);
}
