using System.Buffers;
using System.Collections.Concurrent;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

public class TransportSeamTests
{
    [Fact]
    public async Task Transport_receiver_sees_each_datagram_before_Message()
    {
        await using var receiver = await Receiver.StartAsync();
        var order = new ConcurrentQueue<string>();
        var seen = Wait.Source<(byte[], RemoteInfo)>();
        receiver.Socket.Transport.AddReceiver((datagram, from) =>
        {
            order.Enqueue("raw");
            seen.TrySetResult((datagram.ToArray(), from));
        });
        // Awaited itself, not through receiver.NextAsync(): the helper's own Message handler runs before this one, so
        // its completion could let the assertion run before "message" was enqueued.
        var messaged = Wait.Source<bool>();
        receiver.Socket.Message += (_, _) =>
        {
            order.Enqueue("message");
            messaged.TrySetResult(true);
        };
        await using var sender = Dgram.CreateSocket("udp4");
        await Wait.For(sender.BindAsync(0, "127.0.0.1"));

        await sender.SendAsync("raw"u8.ToArray(), receiver.Port, "127.0.0.1");

        var (bytes, from) = await Wait.For(seen);
        await Wait.For(messaged);
        Assert.Equal("raw"u8.ToArray(), bytes);
        Assert.Equal(new RemoteInfo("127.0.0.1", "IPv4", sender.Address().Port, 3), from);
        Assert.Equal(["raw", "message"], order.Take(2));
    }

    [Fact]
    public async Task Removed_transport_receiver_sees_nothing_more()
    {
        await using var receiver = await Receiver.StartAsync();
        int calls = 0;
        RawDatagramHandler handler = (_, _) => Interlocked.Increment(ref calls);
        receiver.Socket.Transport.AddReceiver(handler);
        await using var sender = Dgram.CreateSocket("udp4");
        await sender.SendAsync("one", receiver.Port, "127.0.0.1");
        await receiver.NextAsync();

        receiver.Socket.Transport.RemoveReceiver(handler);
        await sender.SendAsync("two", receiver.Port, "127.0.0.1");
        await receiver.NextAsync();

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Exception_thrown_by_a_transport_receiver_goes_to_Error_and_receiving_goes_on()
    {
        await using var receiver = await Receiver.StartAsync();
        var thrown = Wait.Source<Exception>();
        receiver.Socket.Error += error => thrown.TrySetResult(error);
        receiver.Socket.Transport.AddReceiver((_, _) => throw new InvalidOperationException("raw failed"));
        await using var sender = Dgram.CreateSocket("udp4");

        await sender.SendAsync("one", receiver.Port, "127.0.0.1");
        await sender.SendAsync("two", receiver.Port, "127.0.0.1");

        Assert.Equal("raw failed", (await Wait.For(thrown)).Message);
        Assert.Equal("one"u8.ToArray(), (await receiver.NextAsync()).Msg);
        Assert.Equal("two"u8.ToArray(), (await receiver.NextAsync()).Msg);
    }

    [Fact]
    public async Task Receiving_from_a_known_peer_allocates_nothing_without_Message_subscribers()
    {
        await using var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        const int Burst = 200;
        var gate = new ManualResetEventSlim();
        var done = Wait.Source();
        var deltas = new ConcurrentQueue<long>();
        int count = 0;
        (int Thread, long Allocated) last = (-1, 0);
        socket.Transport.AddReceiver((_, _) =>
        {
            gate.Wait(Wait.Timeout);
            var now = (Environment.CurrentManagedThreadId, GC.GetAllocatedBytesForCurrentThread());
            if (now.CurrentManagedThreadId == last.Thread)
            {
                deltas.Enqueue(now.Item2 - last.Allocated);
            }
            last = (now.CurrentManagedThreadId, GC.GetAllocatedBytesForCurrentThread());
            if (++count == Burst)
            {
                done.TrySetResult();
            }
        });
        await using var sender = Dgram.CreateSocket("udp4");
        for (int i = 0; i < Burst; i++)
        {
            await sender.SendAsync(new byte[32], socket.Address().Port, "127.0.0.1");
        }

        // The burst waits in the socket's buffer, so the loop takes it back to back on one thread.
        gate.Set();

        await Wait.For(done);
        Assert.NotEmpty(deltas);
        Assert.Equal(0, deltas.Order().ElementAt(deltas.Count / 2));
    }

    [Fact]
    public async Task Transport_Send_sends_the_rented_bytes_in_order_with_Send()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");
        byte[] rented = ArrayPool<byte>.Shared.Rent(16);
        "pooled"u8.CopyTo(rented);
        var sent = Wait.Source<(DgramException?, int)>();

        sender.Send("before", receiver.Port, "127.0.0.1");
        sender.Transport.Send(rented, 6, new TransportDestination(receiver.Port, "127.0.0.1"), (error, bytes) => sent.TrySetResult((error, bytes)));
        sender.Send("after", receiver.Port, "127.0.0.1");

        Assert.Equal((null, 6), await Wait.For(sent));
        Assert.Equal("before"u8.ToArray(), (await receiver.NextAsync()).Msg);
        Assert.Equal("pooled"u8.ToArray(), (await receiver.NextAsync()).Msg);
        Assert.Equal("after"u8.ToArray(), (await receiver.NextAsync()).Msg);
    }

    [Fact]
    public async Task Transport_SendAsync_completes_with_the_bytes_sent()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");
        byte[] rented = ArrayPool<byte>.Shared.Rent(16);
        "async pooled"u8.CopyTo(rented);

        int sent = await sender.Transport.SendAsync(rented, 12, new TransportDestination(receiver.Port, "127.0.0.1"), CancellationToken.None);

        Assert.Equal(12, sent);
        Assert.Equal("async pooled"u8.ToArray(), (await receiver.NextAsync()).Msg);
    }

    [Fact]
    public void Transport_Send_validates_like_Send()
    {
        using var sender = Dgram.CreateSocket("udp4");

        var error = Assert.Throws<DgramException>(() => sender.Transport.Send(ArrayPool<byte>.Shared.Rent(4), 4, new TransportDestination(70000, null), null));

        Assert.Equal(DgramErrorCode.BadPort, error.Code);
        Assert.Throws<ArgumentOutOfRangeException>(() => sender.Transport.Send(ArrayPool<byte>.Shared.Rent(4), 1 << 20, new TransportDestination(9, null), null));
    }

    [Fact]
    public async Task Transport_SendAsync_error_faults_the_task()
    {
        await using var sender = Dgram.CreateSocket("udp4");

        var error = await Assert.ThrowsAsync<DgramException>(async () =>
            await sender.Transport.SendAsync(ArrayPool<byte>.Shared.Rent(256 * 1024), 256 * 1024, new TransportDestination(9, "127.0.0.1"), CancellationToken.None));

        Assert.Equal(DgramErrorCode.MessageTooLong, error.Code);
    }
}
