using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

/// <summary>
/// Issue 16, finding 2: errors anyone can cause (one per malformed datagram) wait on a bounded lane of their own, so a
/// flood at a slow <c>Error</c> handler neither grows the heap without bound nor delays send callbacks and <c>Closed</c>.
/// </summary>
public class ErrorFloodTests
{
    /// <summary>An Error handler that blocks on its first error until released, as a handler stuck on a slow logger would.</summary>
    private sealed class BlockedErrorHandler : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private int _raised;

        public TaskCompletionSource Entered { get; } = Wait.Source();

        public int Raised => Volatile.Read(ref _raised);

        public void Handle(Exception error)
        {
            Interlocked.Increment(ref _raised);
            Entered.TrySetResult();
            _release.Wait(Wait.Timeout);
        }

        public void Release() => _release.Set();

        public void Dispose()
        {
            _release.Set();
            _release.Dispose();
        }
    }

    [Fact]
    public async Task A_send_callback_and_Closed_run_while_the_Error_handler_is_stuck_behind_a_flood_of_datagram_errors()
    {
        using var handler = new BlockedErrorHandler();
        var socket = Dgram.CreateSocket("udp4");
        socket.Error += handler.Handle;
        var handled = 0;
        socket.Message += (_, _) =>
        {
            Interlocked.Increment(ref handled);
            throw new InvalidOperationException("a datagram the handler cannot read");
        };
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        int port = socket.Address().Port;
        await using var attacker = Dgram.CreateSocket("udp4");

        for (var i = 0; i < 200; i++)
        {
            await attacker.SendAsync(new byte[6], port, "127.0.0.1");
        }
        await Wait.For(handler.Entered);
        var callback = Wait.Source<int>();
        socket.Send(new byte[5], port, "127.0.0.1", (error, bytes) => callback.TrySetResult(error is null ? bytes : -1));
        var closed = Wait.Source();
        socket.Closed += () => closed.TrySetResult();

        Assert.Equal(5, await Wait.For(callback));
        socket.Close();
        await Wait.For(closed);
        Assert.True(handler.Raised < 200, $"the handler was stuck on the first error, yet ran {handler.Raised} times");
        handler.Release();
    }

    [Fact]
    public async Task Errors_beyond_the_lane_capacity_are_dropped_and_counted_while_the_handler_is_stuck()
    {
        using var handler = new BlockedErrorHandler();
        await using var socket = Dgram.CreateSocket("udp4");
        socket.Error += handler.Handle;
        socket.Transport.ReportError(new InvalidOperationException("first"));
        await Wait.For(handler.Entered);
        const int Flood = ErrorLane.Capacity + 976;

        for (var i = 0; i < Flood; i++)
        {
            socket.Transport.ReportError(new InvalidOperationException($"flood {i}"));
        }

        Assert.Equal(976, socket.DroppedErrors);
        handler.Release();
        await Wait.For(socket.WhenEventsDelivered());
        Assert.Equal(1 + ErrorLane.Capacity, handler.Raised);
    }
}
