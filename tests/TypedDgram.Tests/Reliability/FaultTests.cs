using System.Diagnostics;
using System.Threading.Channels;
using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Sockets;

namespace TypedDgram.Tests.Reliability;

/// <summary>
/// Each fault shows the socket's documented behaviour, ends without deadlock (every wait has a timeout) and leaves no
/// unobserved task exception behind.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class FaultTests : IDisposable
{
    private readonly UnobservedExceptions _unobserved = new();

    public void Dispose() => _unobserved.Dispose();

    [Fact]
    public async Task Handler_exceptions_sync_and_async_go_to_Error_and_receiving_goes_on()
    {
        await using var endpoint = await Endpoint.StartAsync();
        using var attachment = endpoint.Socket.Attach(endpoint.Handlers);

        await endpoint.SendAsync(new Fail(1, Async: false));
        await endpoint.SendAsync(new Fail(2, Async: true));
        await endpoint.SendAsync(new Work(3));

        Assert.Equal(3, await endpoint.NextWorkAsync());
        var messages = new[] { (await endpoint.NextErrorAsync()).Message, (await endpoint.NextErrorAsync()).Message };
        Assert.Equal(["handler failed on 1", "handler failed on 2"], messages.Order());
        await _unobserved.AssertNoneAsync();
    }

    [Fact]
    public async Task Malformed_datagrams_go_to_Error_are_counted_and_receiving_goes_on()
    {
        await using var endpoint = await Endpoint.StartAsync();
        using var attachment = endpoint.Socket.Attach(endpoint.Handlers, new DatagramReaderLimits { MaxDatagramSize = 64 });
        byte[][] malformed =
        [
            [],                       // empty datagram
            [0xC1],                   // reserved code
            [0x92, 0xCD, 0x02],       // truncated type id
            [0xDD, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], // array claiming 4 billion elements
            [0x92, 0xCD, 0x02, 0xC6, 0xA0], // Work with a string where its int belongs
            new byte[65],             // over MaxDatagramSize
        ];

        foreach (var datagram in malformed)
        {
            await endpoint.SendRawAsync(datagram);
        }

        await endpoint.SendAsync(new Work(4));

        Assert.Equal(4, await endpoint.NextWorkAsync());
        for (var i = 0; i < malformed.Length; i++)
        {
            Assert.IsType<MalformedDatagramException>(await endpoint.NextErrorAsync());
        }

        Assert.Equal(malformed.Length, attachment.Malformed);
        await _unobserved.AssertNoneAsync();
    }

    [Fact]
    public async Task Unknown_type_ids_are_counted_raise_Unhandled_and_receiving_goes_on()
    {
        await using var endpoint = await Endpoint.StartAsync();
        using var attachment = endpoint.Socket.Attach(endpoint.Handlers);
        var unhandled = Channel.CreateUnbounded<uint>();
        attachment.Unhandled += (id, _) => unhandled.Writer.TryWrite(id);

        await endpoint.SendAsync(new Nobody(1));
        await endpoint.SendAsync(new Work(5));

        Assert.Equal(5, await endpoint.NextWorkAsync());
        Assert.Equal(713u, await ReadAsync(unhandled));
        Assert.Equal(1, attachment.UnhandledCount);
        Assert.Equal(0, attachment.Malformed);
        await _unobserved.AssertNoneAsync();
    }

    [Fact]
    public async Task ICMP_port_unreachable_on_a_connected_socket_raises_ECONNREFUSED_and_the_socket_keeps_receiving()
    {
        // A port nobody listens on: bound, then closed (the kernel answers datagrams to it with port unreachable).
        var gone = Dgram.CreateSocket("udp4");
        await Wait.For(gone.BindAsync(0, "127.0.0.1"));
        var deadPort = gone.Address().Port;
        await gone.DisposeAsync();

        await using var endpoint = await Endpoint.StartAsync();
        using var attachment = endpoint.Socket.Attach(endpoint.Handlers);
        await Wait.For(endpoint.Socket.ConnectAsync(deadPort, "127.0.0.1"));
        await Wait.For(endpoint.Socket.SendAsync(new Work(1)).AsTask());

        var refused = Assert.IsType<DgramException>(await endpoint.NextErrorAsync());
        Assert.Equal(DgramErrorCode.ConnectionRefused, refused.Code);

        // The receive loop went on: reconnected to a live peer, the socket receives from it.
        await using var peer = await Endpoint.StartAsync();
        endpoint.Socket.Disconnect();
        await Wait.For(endpoint.Socket.ConnectAsync(peer.Port, "127.0.0.1"));
        await Wait.For(peer.Socket.SendAsync(new Work(6), endpoint.Port, "127.0.0.1").AsTask());
        Assert.Equal(6, await endpoint.NextWorkAsync());
        await _unobserved.AssertNoneAsync();
    }

    [Fact]
    public async Task Close_while_sends_are_queued_fails_every_callback_and_task_with_NOT_RUNNING_and_loses_none()
    {
        const int Queued = 200;
        // Every lookup is held (the implicit bind's too), so every send waits in the queue until Close.
        var socket = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = Lookups.Loopback().Hold().Function });
        var callbacks = Channel.CreateUnbounded<DgramException?>();
        var tasks = new List<Task>();
        for (var i = 0; i < Queued; i++)
        {
            socket.Send(new Work(i), 9, "peer.test", (error, _) => callbacks.Writer.TryWrite(error));
            tasks.Add(socket.SendAsync(new Work(i), 9, "peer.test").AsTask());
        }

        socket.Close();

        for (var i = 0; i < Queued; i++)
        {
            Assert.Equal(DgramErrorCode.NotRunning, (await ReadAsync(callbacks))?.Code);
        }

        foreach (var task in tasks)
        {
            var failure = await Record.ExceptionAsync(() => Wait.For(task));
            Assert.Equal(DgramErrorCode.NotRunning, Assert.IsType<DgramException>(failure).Code);
        }

        Assert.False(callbacks.Reader.TryRead(out _), "a callback was called twice");
        await _unobserved.AssertNoneAsync();
    }

    [Fact]
    public async Task Close_from_inside_a_handler_closes_once_and_dispatches_nothing_after()
    {
        await using var endpoint = await Endpoint.StartAsync();
        using var attachment = endpoint.Socket.Attach(endpoint.Handlers);
        var closed = Wait.Source();
        endpoint.Socket.Closed += () => closed.TrySetResult();

        await endpoint.SendAsync(new Work(1));
        Assert.Equal(1, await endpoint.NextWorkAsync());
        await endpoint.SendAsync(new Stop(2));
        await endpoint.SendAsync(new Work(3));

        await Wait.For(closed);
        await Wait.For(endpoint.Socket.Receiving);
        await endpoint.Socket.WhenEventsDelivered();
        Assert.False(endpoint.Handlers.Worked.Reader.TryRead(out _), "a datagram was dispatched after Close");
        Assert.Equal(2, attachment.Dispatched);
        Assert.Equal(DgramErrorCode.NotRunning, Assert.Throws<DgramException>(() => endpoint.Socket.Close()).Code);
        await _unobserved.AssertNoneAsync();
    }

    [Fact]
    public async Task Disposing_while_ReceiveAsync_enumerations_are_active_ends_every_enumeration()
    {
        var endpoint = await Endpoint.StartAsync();
        using var cancellation = new CancellationTokenSource();
        var started = Enumerable.Range(0, 3).Select(_ => Wait.Source()).ToArray();
        var enumerations = new[]
        {
            CountAsync(endpoint.Socket.ReceiveAsync<Work>(), started[0]),
            CountAsync(endpoint.Socket.ReceiveAsync<Work>(cancellation.Token), started[1]),
            CountAsync(endpoint.Socket.ReceiveAsync<Fail>(capacity: 1), started[2]),
        };
        await endpoint.SendAsync(new Work(1));
        await endpoint.SendAsync(new Fail(1, Async: false));
        await Task.WhenAll(started.Select(Wait.For));

        await Wait.For(endpoint.Socket.DisposeAsync().AsTask());

        int[] counts = await Wait.For(Task.WhenAll(enumerations));
        Assert.Equal([1, 1, 1], counts);
        await _unobserved.AssertNoneAsync();
    }

    private static async Task<int> CountAsync<T>(IAsyncEnumerable<(T, RemoteInfo)> stream, TaskCompletionSource first)
    {
        var count = 0;
        await foreach (var _ in stream)
        {
            count++;
            first.TrySetResult();
        }

        return count;
    }

    internal static async Task<T> ReadAsync<T>(Channel<T> channel)
    {
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        return await channel.Reader.ReadAsync(timeout.Token);
    }
}
