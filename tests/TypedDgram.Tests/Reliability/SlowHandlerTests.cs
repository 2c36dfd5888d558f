using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Sockets;

namespace TypedDgram.Tests.Reliability;

/// <summary>
/// With a dispatch queue, a handler that does not return holds up neither the receive loop nor other receivers: the
/// queue fills, drops by its mode, and counts every drop; dispatched + dropped = received.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class SlowHandlerTests
{
    private const int Capacity = 8;
    private const int Sent = 100;

    [Theory]
    [InlineData(QueueFullMode.DropOldest, new[] { 0, 92, 93, 94, 95, 96, 97, 98, 99 })]
    [InlineData(QueueFullMode.DropNewest, new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 })]
    public async Task A_stuck_handler_leaves_the_receive_loop_running_and_a_full_queue_drops_by_its_mode(QueueFullMode mode, int[] dispatched)
    {
        using var unobserved = new UnobservedExceptions();
        await using var endpoint = await Endpoint.StartAsync();
        var handlers = new GatedHandlers();
        using var attachment = endpoint.Socket.Attach(handlers, queueCapacity: Capacity, fullMode: mode);
        using var stop = new CancellationTokenSource();
        var observed = CountAsync(endpoint.Socket.ReceiveAsync<Work>(stop.Token, capacity: Sent), Sent);

        await endpoint.SendAsync(new Work(0));
        Assert.Equal(0, await FaultTests.ReadAsync(handlers.Entered));
        for (var seq = 1; seq < Sent; seq++)
        {
            await endpoint.SendAsync(new Work(seq));
        }

        // Every datagram reached the other receiver while the handler was stuck: the loop never waited for it.
        await Wait.For(observed);
        Assert.Equal(Sent - 1 - Capacity, attachment.Dropped);

        handlers.Open();
        var done = new List<int>();
        for (var i = 0; i < dispatched.Length; i++)
        {
            done.Add(await FaultTests.ReadAsync(handlers.Done));
        }

        Assert.Equal(dispatched, done);
        Assert.Equal(Sent, attachment.Dispatched + attachment.Dropped);
        await unobserved.AssertNoneAsync();
    }

    [Fact]
    public async Task Disposing_the_attachment_drops_and_counts_what_is_queued()
    {
        await using var endpoint = await Endpoint.StartAsync();
        var handlers = new GatedHandlers();
        var attachment = endpoint.Socket.Attach(handlers, queueCapacity: Capacity);
        await endpoint.SendAsync(new Work(0));
        Assert.Equal(0, await FaultTests.ReadAsync(handlers.Entered));
        var observed = ObserveTwo(endpoint.Socket);
        await endpoint.SendAsync(new Work(1));
        await endpoint.SendAsync(new Work(2));
        await Wait.For(observed);

        attachment.Dispose();
        handlers.Open();

        await Wait.For(attachment.Worker);
        Assert.Equal(2, attachment.Dropped);
        Assert.Equal(1, attachment.Dispatched);
    }

    [Fact]
    public async Task Closing_the_socket_still_dispatches_what_was_queued()
    {
        var endpoint = await Endpoint.StartAsync();
        var handlers = new GatedHandlers();
        using var attachment = endpoint.Socket.Attach(handlers, queueCapacity: Capacity);
        await endpoint.SendAsync(new Work(0));
        Assert.Equal(0, await FaultTests.ReadAsync(handlers.Entered));
        var observed = ObserveTwo(endpoint.Socket);
        await endpoint.SendAsync(new Work(1));
        await endpoint.SendAsync(new Work(2));
        await Wait.For(observed);

        await endpoint.DisposeAsync();
        handlers.Open();

        await Wait.For(attachment.Worker);
        Assert.Equal(3, attachment.Dispatched);
        Assert.Equal(0, attachment.Dropped);
    }

    [Fact]
    public void Queue_capacity_out_of_range_throws()
    {
        using var socket = Dgram.CreateSocket("udp4");
        Assert.Throws<ArgumentOutOfRangeException>(() => socket.Attach(new GatedHandlers(), queueCapacity: 0));
    }

    // Completes once the receive loop has handed two more datagrams to every receiver (the queue included).
    private static Task ObserveTwo(DgramSocket socket)
    {
        var observed = Wait.Source();
        var seen = 0;
        socket.Message += (_, _) =>
        {
            if (++seen == 2)
            {
                observed.TrySetResult();
            }
        };
        return observed.Task;
    }

    private static async Task CountAsync(IAsyncEnumerable<(Work, RemoteInfo)> stream, int expected)
    {
        var count = 0;
        await foreach (var _ in stream)
        {
            if (++count == expected)
            {
                return;
            }
        }
    }
}
