using TypedDgram.Contracts;
using TypedDgram.Tests.Contracts;

namespace TypedDgram.Tests.Messaging;

/// <summary>Handlers that only count, so that measuring the receive path measures the receive path.</summary>
public sealed partial class CountingHandlers
{
    public int Count { get; private set; }

    [DatagramHandler] private void On(Everything everything) => Count++;

    [DatagramHandler] private void On(Ping ping) => Count++;

    [DatagramHandler] private void On(Pong pong) => Count++;

    [DatagramHandler] private void On(Settings settings) => Count++;
}
