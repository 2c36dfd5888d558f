using System.Threading.Channels;
using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Contracts;
using TypedDgram.Tests.Sockets;

namespace TypedDgram.Tests.Messaging;

public class MessagingTests
{
    private static async Task<(DgramSocket Server, DgramSocket Client, Channel<Exception> Errors)> PairAsync()
    {
        var server = Dgram.CreateSocket("udp4");
        var errors = Channel.CreateUnbounded<Exception>();
        server.Error += error => errors.Writer.TryWrite(error);
        await Wait.For(server.BindAsync(0, "127.0.0.1"));
        var client = Dgram.CreateSocket("udp4");
        await Wait.For(client.BindAsync(0, "127.0.0.1"));
        return (server, client, errors);
    }

    private static async Task<Exception> NextErrorAsync(Channel<Exception> errors)
    {
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        return await errors.Reader.ReadAsync(timeout.Token);
    }

    [Fact]
    public async Task Typed_send_reaches_the_sync_handler_with_the_sender()
    {
        var (server, client, _) = await PairAsync();
        await using var _s = server;
        await using var _c = client;
        var handlers = new RecordingHandlers();
        using var attachment = server.Attach(handlers);

        var sent = Wait.Source<int>();
        client.Send(new Ping(1, DateTimeOffset.UnixEpoch), server.Address().Port, "127.0.0.1", (error, bytes) => sent.TrySetResult(error is null ? bytes : -1));

        var (message, from) = await handlers.NextAsync();
        Assert.Equal(new Ping(1, DateTimeOffset.UnixEpoch), message);
        Assert.Equal(client.Address().Port, from.Port);
        Assert.Equal("127.0.0.1", from.Address);
        Assert.Equal(DatagramEnvelope.Serialize(new Ping(1, DateTimeOffset.UnixEpoch)).Length, await Wait.For(sent));
        Assert.Equal(1, attachment.Dispatched);
    }

    [Fact]
    public async Task SendAsync_reaches_the_async_handler()
    {
        var (server, client, _) = await PairAsync();
        await using var _s = server;
        await using var _c = client;
        var handlers = new RecordingHandlers();
        using var attachment = server.Attach(handlers);

        var bytes = await client.SendAsync(new Pong(2, "async"), server.Address().Port, "127.0.0.1");

        Assert.Equal(new Pong(2, "async"), (await handlers.NextAsync()).Message);
        Assert.Equal(DatagramEnvelope.Serialize(new Pong(2, "async")).Length, bytes);
    }

    [Fact]
    public async Task Connected_typed_send_goes_to_the_connected_peer()
    {
        var (server, client, _) = await PairAsync();
        await using var _s = server;
        await using var _c = client;
        var handlers = new RecordingHandlers();
        using var attachment = server.Attach(handlers);
        await Wait.For(client.ConnectAsync(server.Address().Port, "127.0.0.1"));

        await client.SendAsync(new Ping(3, DateTimeOffset.UnixEpoch));

        Assert.Equal(new Ping(3, DateTimeOffset.UnixEpoch), (await handlers.NextAsync()).Message);
    }

    [Fact]
    public async Task Malformed_datagram_raises_Error_with_sender_and_receiving_goes_on()
    {
        var (server, client, errors) = await PairAsync();
        await using var _s = server;
        await using var _c = client;
        var handlers = new RecordingHandlers();
        using var attachment = server.Attach(handlers);

        await client.SendAsync(new byte[] { 0x93, 0x01, 0x01, 0xC1 }, server.Address().Port, "127.0.0.1");
        await client.SendAsync(new Ping(4, DateTimeOffset.UnixEpoch), server.Address().Port, "127.0.0.1");

        var error = Assert.IsType<MalformedDatagramException>(await NextErrorAsync(errors));
        Assert.Equal(MalformedDatagramReason.InvalidCode, error.Reason);
        Assert.Equal(3, error.Offset);
        Assert.Equal(1u, error.TypeId);
        Assert.Equal(client.Address().Port, error.Sender?.Port);
        Assert.Equal(new Ping(4, DateTimeOffset.UnixEpoch), (await handlers.NextAsync()).Message);
        Assert.Equal(1, attachment.Malformed);
    }

    [Fact]
    public async Task Sync_handler_exception_goes_to_Error_and_receiving_goes_on()
    {
        var (server, client, errors) = await PairAsync();
        await using var _s = server;
        await using var _c = client;
        var handlers = new RecordingHandlers();
        using var attachment = server.Attach(handlers);

        await client.SendAsync(new Settings { Name = "x" }, server.Address().Port, "127.0.0.1");
        await client.SendAsync(new Ping(5, DateTimeOffset.UnixEpoch), server.Address().Port, "127.0.0.1");

        Assert.Equal("handler failed on x", Assert.IsType<InvalidOperationException>(await NextErrorAsync(errors)).Message);
        Assert.Equal(new Ping(5, DateTimeOffset.UnixEpoch), (await handlers.NextAsync()).Message);
    }

    [Fact]
    public async Task Async_handler_fault_goes_to_Error()
    {
        var (server, client, errors) = await PairAsync();
        await using var _s = server;
        await using var _c = client;
        using var attachment = server.Attach(new RecordingHandlers());

        await client.SendAsync(new StatusV1(7), server.Address().Port, "127.0.0.1");

        Assert.Equal("async handler failed on 7", Assert.IsType<InvalidOperationException>(await NextErrorAsync(errors)).Message);
    }

    [Fact]
    public async Task Type_id_without_handler_is_counted_and_raises_Unhandled()
    {
        var (server, client, _) = await PairAsync();
        await using var _s = server;
        await using var _c = client;
        using var attachment = server.Attach(new RecordingHandlers());
        var unhandled = Wait.Source<(uint, RemoteInfo)>();
        attachment.Unhandled += (id, from) => unhandled.TrySetResult((id, from));

        await client.SendAsync(new Hashed(1), server.Address().Port, "127.0.0.1");

        var (typeId, sender) = await Wait.For(unhandled);
        Assert.Equal(DatagramTypeId.FromName(typeof(Hashed).FullName!), typeId);
        Assert.Equal(client.Address().Port, sender.Port);
        Assert.Equal(1, attachment.UnhandledCount);
    }

    [Fact]
    public async Task Disposed_attachment_dispatches_nothing_more()
    {
        var (server, client, _) = await PairAsync();
        await using var _s = server;
        await using var _c = client;
        var handlers = new RecordingHandlers();
        var attachment = server.Attach(handlers);
        var sentinel = Wait.Source();
        server.Message += (msg, _) => { if (msg.Length == 1) sentinel.TrySetResult(); };

        attachment.Dispose();
        await client.SendAsync(new Ping(6, DateTimeOffset.UnixEpoch), server.Address().Port, "127.0.0.1");
        await client.SendAsync(new byte[] { 0 }, server.Address().Port, "127.0.0.1");
        await Wait.For(sentinel);

        Assert.Equal(0, attachment.Dispatched);
        Assert.False(handlers.Received.Reader.TryRead(out _));
    }

    [Fact]
    public async Task ReceiveAsync_yields_only_its_contract_with_senders()
    {
        var (server, client, _) = await PairAsync();
        await using var _s = server;
        await using var _c = client;
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        await using var pings = server.ReceiveAsync<Ping>(timeout.Token).GetAsyncEnumerator(timeout.Token);
        var first = pings.MoveNextAsync();

        await client.SendAsync(new Pong(1), server.Address().Port, "127.0.0.1");
        await client.SendAsync(new Ping(8, DateTimeOffset.UnixEpoch), server.Address().Port, "127.0.0.1");

        Assert.True(await first);
        Assert.Equal(new Ping(8, DateTimeOffset.UnixEpoch), pings.Current.Message);
        Assert.Equal(client.Address().Port, pings.Current.From.Port);
    }

    [Fact]
    public async Task ReceiveAsync_ends_when_the_socket_closes()
    {
        var (server, client, _) = await PairAsync();
        await using var _c = client;
        using var timeout = new CancellationTokenSource(Wait.Timeout);
        await using var pings = server.ReceiveAsync<Ping>(timeout.Token).GetAsyncEnumerator(timeout.Token);
        var first = pings.MoveNextAsync();
        await client.SendAsync(new Ping(9, DateTimeOffset.UnixEpoch), server.Address().Port, "127.0.0.1");
        Assert.True(await first);

        var closed = Wait.Source();
        server.Close(() => closed.TrySetResult());
        await Wait.For(closed);

        Assert.False(await pings.MoveNextAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(8)]
    public async Task Attach_on_a_closed_socket_throws_NOT_RUNNING(int? queueCapacity)
    {
        var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        await socket.DisposeAsync();

        var error = Assert.Throws<DgramException>(() => socket.Attach(new RecordingHandlers(), queueCapacity: queueCapacity));

        Assert.Equal(DgramErrorCode.NotRunning, error.Code);
    }

    [Fact]
    public void Attach_with_a_queue_right_after_Close_throws_NOT_RUNNING_before_Closed_is_raised()
    {
        var socket = Dgram.CreateSocket("udp4");
        socket.Close();

        var error = Assert.Throws<DgramException>(() => socket.Attach(new RecordingHandlers(), queueCapacity: 8));

        Assert.Equal(DgramErrorCode.NotRunning, error.Code);
    }

    [Fact]
    public async Task ReceiveAsync_on_a_closed_socket_throws_NOT_RUNNING_instead_of_waiting_forever()
    {
        var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        await socket.DisposeAsync();
        await using var pings = socket.ReceiveAsync<Ping>().GetAsyncEnumerator();

        var error = await Assert.ThrowsAsync<DgramException>(() => Wait.For(pings.MoveNextAsync().AsTask()));

        Assert.Equal(DgramErrorCode.NotRunning, error.Code);
    }

    [Fact]
    public async Task ReceiveAsync_throws_OperationCanceled_when_cancelled()
    {
        var (server, client, _) = await PairAsync();
        await using var _s = server;
        await using var _c = client;
        using var cancel = new CancellationTokenSource();
        await using var pings = server.ReceiveAsync<Ping>(cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = pings.MoveNextAsync().AsTask();

        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Wait.For(next));
    }

    [Fact]
    public void Serializing_for_send_allocates_nothing_once_warm()
    {
        var ping = new Ping(10, DateTimeOffset.UnixEpoch);
        System.Buffers.ArrayPool<byte>.Shared.Return(DgramSocketMessaging.Serialize(ping, out _));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(DgramSocketMessaging.Serialize(ping, out _));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Receiving_a_valid_datagram_allocates_only_the_message()
    {
        using var socket = Dgram.CreateSocket("udp4");
        var handlers = new CountingHandlers();
        using var attachment = socket.Attach(handlers);
        var datagram = DatagramEnvelope.Serialize(new Ping(1, DateTimeOffset.UnixEpoch));
        var sender = new RemoteInfo("127.0.0.1", "IPv4", 41234, datagram.Length);
        attachment.Receive(datagram, sender);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            attachment.Receive(datagram, sender);
        }

        // One Ping: object header, method table, int, DateTimeOffset.
        Assert.InRange((GC.GetAllocatedBytesForCurrentThread() - before) / 100.0, 1, 48);
        Assert.Equal(101, handlers.Count);
    }

    [Fact]
    public async Task Typed_send_to_port_zero_throws_BAD_PORT_like_the_raw_send()
    {
        await using var client = Dgram.CreateSocket("udp4");
#pragma warning disable TDG0004 // the run-time ERR_SOCKET_BAD_PORT is what this test checks
        var error = Assert.Throws<DgramException>(() => client.Send(new Ping(1, DateTimeOffset.UnixEpoch), 0, "127.0.0.1"));
#pragma warning restore TDG0004
        Assert.Equal(DgramErrorCode.BadPort, error.Code);
    }
}
