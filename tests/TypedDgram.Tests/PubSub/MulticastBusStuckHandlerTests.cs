using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub;

/// <summary>
/// Issue 18: a bus whose handler is stuck still closes (waiting for it at most as long as its socket's close does), no
/// handler starts after DisposeAsync returns, and publishing on a disposed bus throws only ObjectDisposedException.
/// </summary>
public sealed class MulticastBusStuckHandlerTests
{
    [Fact]
    public async Task DisposeAsync_returns_while_a_handler_on_the_receive_loop_is_stuck()
    {
        var bus = await Loopback.JoinAsync();
        using var release = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = bus.Subscribe<Trade>((_, _) =>
        {
            entered.TrySetResult();
            release.Wait(Loopback.Timeout * 3);   // bounded: the test releases it at the end whatever happens
        });
        try
        {
            await bus.PublishAsync(new Trade(1));
            await entered.Task.Within();

            // Before: DisposeAsync waited for the handler's lock forever (here, until the handler gave up).
            await bus.DisposeAsync().AsTask().Within();

            await Assert.ThrowsAsync<ObjectDisposedException>(() => bus.PublishAsync(new Trade(2)).AsTask());
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public async Task No_handler_starts_after_DisposeAsync_returns_even_for_the_publication_being_delivered()
    {
        var bus = await Loopback.JoinAsync();
        using var release = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stuck = bus.Subscribe<Trade>((_, _) =>
        {
            entered.TrySetResult();
            release.Wait(Loopback.Timeout * 3);
        });
        var later = new List<int>();
        using var after = bus.Subscribe<Trade>((trade, _) => later.Add(trade.Count));
        var sender = new RemoteInfo("127.0.0.1", "IPv4", 41234, 32);

        // Delivered on a thread of the test's, so that the test knows when the delivery has finished.
        var delivering = Task.Run(() => bus.OnDatagram(Loopback.Publication(7, 0, new Trade(1)), sender));
        await entered.Task.Within();
        await bus.DisposeAsync().AsTask().Within();
        release.Set();
        await delivering.Within();
        bus.OnDatagram(Loopback.Publication(7, 1, new Trade(2)), sender);

        // The second subscriber's turn for the first publication came after DisposeAsync returned; the second came later.
        Assert.Empty(later);
    }
}
