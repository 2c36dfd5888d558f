using System.Threading.Channels;
using TypedDgram.Contracts;
using TypedDgram.Sockets;
using TypedDgram.Tests.Contracts;

namespace TypedDgram.Tests.Messaging;

/// <summary>Handlers that record what they were given; Settings and StatusV1 make them fail, synchronously and asynchronously.</summary>
public sealed partial class RecordingHandlers
{
    public Channel<(object Message, RemoteInfo From)> Received { get; } = Channel.CreateUnbounded<(object, RemoteInfo)>();

    [DatagramHandler]
    private void On(Ping ping, RemoteInfo from) => Received.Writer.TryWrite((ping, from));

    [DatagramHandler]
    private async ValueTask On(Pong pong, RemoteInfo from)
    {
        await Task.Yield();
        Received.Writer.TryWrite((pong, from));
    }

    [DatagramHandler]
    private Task On(Everything everything) => Task.FromResult(Received.Writer.TryWrite((everything, default)));

    [DatagramHandler]
    private void On(Settings settings) => throw new InvalidOperationException("handler failed on " + settings.Name);

    [DatagramHandler]
    private async ValueTask On(StatusV1 status)
    {
        await Task.Yield();
        throw new InvalidOperationException("async handler failed on " + status.Code);
    }

    public async Task<(object Message, RemoteInfo From)> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TypedDgram.Tests.Sockets.Wait.Timeout);
        return await Received.Reader.ReadAsync(timeout.Token);
    }
}
