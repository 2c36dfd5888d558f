using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Sockets;

namespace TypedDgram.Tests.Reliability;

/// <summary>
/// Issue 16, finding 7: no handler starts after an attachment's Dispose returns; closing a socket whose receive loop
/// is stuck in a handler still ends (after <c>ReceiveLoopWaitOnClose</c>); a dispatch queue is bounded in bytes.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class DisposeBoundsTests
{
    private static readonly RemoteInfo Loopback = new("127.0.0.1", "IPv4", 9, 0);

    [Fact]
    public async Task No_handler_starts_when_the_receive_loop_calls_an_attachment_after_its_Dispose_returned()
    {
        await using var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        var handlers = new FaultHandlers();
        var attachment = socket.Attach(handlers);

        attachment.Dispose();
        // What the receive loop does when it read its receivers just before Dispose removed this one.
        attachment.Receive(DatagramEnvelope.Serialize(new Work(1)), Loopback);

        Assert.False(handlers.Worked.Reader.TryRead(out _), "a handler started after Dispose returned");
        Assert.Equal(0, attachment.Dispatched);
    }

    [Fact]
    public async Task DisposeAsync_of_a_socket_whose_Message_handler_is_blocked_completes()
    {
        using var release = new ManualResetEventSlim();
        var entered = Wait.Source();
        var socket = Dgram.CreateSocket("udp4");
        socket.Message += (_, _) =>
        {
            entered.TrySetResult();
            release.Wait(Wait.Timeout * 3);
        };
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        await using var sender = Dgram.CreateSocket("udp4");
        await sender.SendAsync(new byte[] { 1 }, socket.Address().Port, "127.0.0.1");
        await Wait.For(entered);

        // Before: DisposeAsync waited for the handler, forever if it never returned.
        await Wait.For(socket.DisposeAsync().AsTask());

        release.Set();
    }

    [Fact]
    public async Task Dispose_of_an_attachment_whose_handler_is_blocked_returns()
    {
        using var handlers = new BlockingHandlers();
        await using var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        var attachment = socket.Attach(handlers);
        await using var sender = Dgram.CreateSocket("udp4");
        await sender.SendAsync(DatagramEnvelope.Serialize(new Work(1)), socket.Address().Port, "127.0.0.1");
        await Wait.For(handlers.Entered);

        await Wait.For(Task.Run(attachment.Dispose));

        handlers.Release();
        Assert.Equal(1, handlers.Calls);
    }

    [Fact]
    public async Task A_dispatch_queue_holds_at_most_16_MiB_of_datagrams_whatever_its_capacity()
    {
        using var handlers = new BlockingHandlers();
        await using var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        using var attachment = socket.Attach(handlers, queueCapacity: 4096);
        attachment.Receive(DatagramEnvelope.Serialize(new Work(1)), Loopback);
        await Wait.For(handlers.Entered);
        var large = new byte[60_000];   // a 65,536-byte pooled buffer each

        for (var i = 0; i < 600; i++)
        {
            attachment.Receive(large, Loopback);
        }

        // 255 of them fit beside the one the handler holds; before, all 600 (39 MB) were queued.
        Assert.Equal(600 - 255, attachment.Dropped);
        handlers.Release();
    }
}
