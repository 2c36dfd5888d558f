using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

public class CloseTests
{
    [Fact]
    public async Task Close_returns_the_socket_and_fires_the_callback_and_Closed_once()
    {
        var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync());
        int closedEvents = 0;
        int callbacks = 0;
        var done = Wait.Source();
        socket.Closed += () => Interlocked.Increment(ref closedEvents);

        var returned = socket.Close(() =>
        {
            Interlocked.Increment(ref callbacks);
            done.TrySetResult();
        });

        Assert.Same(socket, returned);
        await Wait.For(done);
        await socket.DisposeAsync();
        await Wait.For(socket.WhenEventsDelivered());
        Assert.Equal((1, 1), (closedEvents, callbacks));
    }

    [Fact]
    public async Task Close_of_an_unbound_socket_fires_Closed()
    {
        var socket = Dgram.CreateSocket("udp6");
        var closed = Wait.Source();
        socket.Closed += () => closed.TrySetResult();

        socket.Close();

        await Wait.For(closed);
    }

    [Fact]
    public async Task NOT_RUNNING_keeps_Nodes_code_and_message_first_then_says_the_socket_was_closed()
    {
        var socket = Dgram.CreateSocket("udp4");
        socket.Close();

        var error = Assert.Throws<DgramException>(() => socket.Address());

        Assert.Equal("ERR_SOCKET_DGRAM_NOT_RUNNING", error.Code);
        Assert.StartsWith("Not running: ", error.Message, StringComparison.Ordinal); // Node's text, then ours
        Assert.Contains("the socket was closed", error.Message);
        await Wait.For(socket.WhenEventsDelivered());
    }

    [Fact]
    public async Task Close_twice_throws_NOT_RUNNING()
    {
        var socket = Dgram.CreateSocket("udp4");
        socket.Close();

        Assert.Equal(DgramErrorCode.NotRunning, Assert.Throws<DgramException>(() => socket.Close()).Code);
        await Wait.For(socket.WhenEventsDelivered());
    }

    [Fact]
    public async Task Closing_inside_Listening_with_queued_sends_does_not_crash()
    {
        await using var receiver = await Receiver.StartAsync();
        var socket = Dgram.CreateSocket("udp4");
        var closed = Wait.Source();
        var errors = new List<Exception>();
        var sendResults = Wait.Source<DgramException?>();
        socket.Error += errors.Add;
        socket.Listening += () => socket.Close(() => closed.TrySetResult());

        socket.Send(new byte[1024], receiver.Port, "localhost", (error, _) => sendResults.TrySetResult(error));

        await Wait.For(closed);
        var result = await Wait.For(sendResults);
        Assert.True(result is null || result.Code == DgramErrorCode.NotRunning, result?.ToString());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task DisposeAsync_closes_and_is_idempotent()
    {
        var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync());
        int closedEvents = 0;
        socket.Closed += () => Interlocked.Increment(ref closedEvents);

        await socket.DisposeAsync();
        Assert.Equal(1, closedEvents);
        await socket.DisposeAsync();
        socket.Dispose();

        await Wait.For(socket.WhenEventsDelivered());
        Assert.Equal(1, closedEvents);
        Assert.Equal(DgramErrorCode.NotRunning, Assert.Throws<DgramException>(() => socket.Address()).Code);
    }

    [Fact]
    public async Task No_Message_after_Close()
    {
        await using var sender = Dgram.CreateSocket("udp4");
        var receiver = Dgram.CreateSocket("udp4");
        var firstArrived = Wait.Source();
        var mayReturn = Wait.Source();
        int messages = 0;
        receiver.Message += (_, _) =>
        {
            Interlocked.Increment(ref messages);
            firstArrived.TrySetResult();
            mayReturn.Task.Wait(Wait.Timeout);
        };
        await Wait.For(receiver.BindAsync(0, "127.0.0.1"));
        int port = receiver.Address().Port;

        await sender.SendAsync("first", port, "127.0.0.1");
        await Wait.For(firstArrived);
        // The handler is still busy with the first datagram: the second waits in the socket's buffer.
        await sender.SendAsync("second", port, "127.0.0.1");
        receiver.Close();
        mayReturn.TrySetResult();

        await Wait.For(receiver.Receiving);
        Assert.Equal(1, messages);
    }

    [Fact]
    public async Task Pending_BindAsync_fails_with_NOT_RUNNING_when_the_socket_closes()
    {
        var lookup = Lookups.Loopback().Hold();
        var socket = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });
        var binding = socket.BindAsync(0, "localhost.test");

        socket.Close();
        lookup.Release();

        Assert.Equal(DgramErrorCode.NotRunning, (await Assert.ThrowsAsync<DgramException>(() => Wait.For(binding))).Code);
    }

    [Fact]
    public async Task Closed_waits_for_a_Message_handler_that_is_running_when_Close_is_called()
    {
        var server = Dgram.CreateSocket("udp4");
        await Wait.For(server.BindAsync(0, "127.0.0.1"));
        var handlerEntered = Wait.Source();
        var releaseHandler = Wait.Source();
        int handlerReturned = 0;
        server.Message += (msg, rinfo) =>
        {
            handlerEntered.TrySetResult();
            releaseHandler.Task.Wait(Wait.Timeout);
            Volatile.Write(ref handlerReturned, 1);
        };
        var closedSawHandlerReturned = Wait.Source<bool>();
        server.Closed += () => closedSawHandlerReturned.TrySetResult(Volatile.Read(ref handlerReturned) == 1);
        await using var client = Dgram.CreateSocket("udp4");
        await client.SendAsync(new byte[] { 1 }, server.Address().Port, "127.0.0.1");
        await Wait.For(handlerEntered);

        server.Close();
        releaseHandler.TrySetResult();

        Assert.True(await Wait.For(closedSawHandlerReturned));
    }
}
