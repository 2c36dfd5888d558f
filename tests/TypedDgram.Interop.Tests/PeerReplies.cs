using System.Threading.Channels;
using TypedDgram.Contracts;
using TypedDgram.Interop.Tests.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.Interop.Tests;

/// <summary>The handlers a test's socket dispatches the Node peer's answers to: each answer is queued with its sender.</summary>
public sealed partial class PeerReplies(ChannelWriter<(object Item, RemoteInfo? From)> received)
{
    [DatagramHandler]
    private void On(Pong pong, RemoteInfo from) => received.TryWrite((pong, from));

    [DatagramHandler]
    private void On(Everything everything, RemoteInfo from) => received.TryWrite((everything, from));

    [DatagramHandler]
    private void On(Settings settings, RemoteInfo from) => received.TryWrite((settings, from));

    [DatagramHandler]
    private void On(Status status, RemoteInfo from) => received.TryWrite((status, from));

    [DatagramHandler]
    private void On(Labeled labeled, RemoteInfo from) => received.TryWrite((labeled, from));

    [DatagramHandler]
    private void On(Names.Grüße greeting, RemoteInfo from) => received.TryWrite((greeting, from));

    [DatagramHandler]
    private void On(Control.Verdict verdict, RemoteInfo from) => received.TryWrite((verdict, from));

    [DatagramHandler]
    private void On(Control.Failure failure, RemoteInfo from) => received.TryWrite((failure, from));

    [DatagramHandler]
    private void On(Control.TypeIds ids, RemoteInfo from) => received.TryWrite((ids, from));

    [DatagramHandler]
    private void On(Control.Subscribed subscribed, RemoteInfo from) => received.TryWrite((subscribed, from));

    [DatagramHandler]
    private void On(Control.Heard heard, RemoteInfo from) => received.TryWrite((heard, from));
}
