using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace TypedDgramApp;

/// <summary>Answers each ping with a pong; the generator writes the dispatch from the [DatagramHandler] methods.</summary>
public sealed partial class PongServer(DgramSocket socket)
{
    [DatagramHandler]
    private void On(Ping ping, RemoteInfo from) => socket.Send(new Pong(ping.Seq, ping.SentAt), from.Port, from.Address);
}
