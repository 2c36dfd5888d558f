using System.Threading.Channels;
using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace TypedDgram.Hosting.Tests;

/// <summary>What the handlers saw; a singleton of its own, so the test shows the handlers' dependencies come from DI.</summary>
public sealed class Inbox
{
    public Channel<Ping> Pings { get; } = Channel.CreateUnbounded<Ping>();
}

/// <summary>Handlers resolved from DI: they record each ping and answer it through the endpoint's socket.</summary>
public sealed partial class PingHandlers(Inbox inbox, DatagramEndpoint<PingHandlers> endpoint)
{
    [DatagramHandler]
    private void On(Ping ping, RemoteInfo from)
    {
        inbox.Pings.Writer.TryWrite(ping);
        endpoint.Socket.Send(new Pong(ping.Seq, "hosted"), from.Port, from.Address);
    }
}
