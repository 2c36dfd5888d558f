using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Contracts;
using TypedDgram.Tests.Sockets;

namespace TypedDgram.Tests.Messaging;

/// <summary>Typed messaging on sockets with SocketOptions.Batching: the same messages to the same handlers.</summary>
public class BatchedMessagingTests
{
    [SkippableFact]
    public async Task A_typed_burst_between_batching_sockets_reaches_the_handler_in_order()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && Environment.Is64BitProcess, "batched I/O exists on 64-bit Linux only");
        var options = new SocketOptions { Type = "udp4", Batching = true, RecvBufferSize = 4 << 20 };
        await using var server = Dgram.CreateSocket(options);
        var handlers = new RecordingHandlers();
        using var attachment = server.Attach(handlers);
        await Wait.For(server.BindAsync(0, "127.0.0.1"));
        await using var client = Dgram.CreateSocket(options);

        for (int i = 0; i < 300; i++)
        {
            client.Send(new Ping(i, DateTimeOffset.UnixEpoch.AddSeconds(i)), server.Address().Port, "127.0.0.1");
        }

        for (int i = 0; i < 300; i++)
        {
            Assert.Equal(new Ping(i, DateTimeOffset.UnixEpoch.AddSeconds(i)), (await handlers.NextAsync()).Message);
        }
        Assert.Equal(300, attachment.Dispatched);
    }
}
