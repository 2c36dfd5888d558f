using System.Text;
using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Contracts;
using TypedDgram.Tests.Sockets;

namespace TypedDgram.Tests.Messaging;

/// <summary>
/// Handlers that reply through a <see cref="DgramSocket"/> they hold, run on a socket from
/// <see cref="DatagramTestHost.CreateSocket(string)"/>: the real socket (Node's checks, callbacks, events) over the
/// host's in-memory engine, so sends land in <c>Sent</c> and the host's deliveries arrive.
/// </summary>
public class TestHostSocketTests
{
    private static readonly RemoteInfo Client = new("127.0.0.1", "IPv4", 40_001, 0);

    [Fact]
    public async Task A_handler_replying_through_its_socket_is_captured_with_its_destination_and_source()
    {
        using var host = new DatagramTestHost();
        var socket = host.CreateSocket();
        socket.Attach(new ReplyingPongServer(socket));
        await socket.BindAsync(41_000, "127.0.0.1");

        await host.DeliverAsync(new Ping(7, DateTimeOffset.UnixEpoch), Client);

        var sent = Assert.Single(host.Sent);
        Assert.Equal((40_001, "127.0.0.1"), (sent.Port, sent.Address));
        Assert.Equal(new Pong(7, "typed"), sent.As<Pong>());
        Assert.Equal(new AddressInfo("127.0.0.1", "IPv4", 41_000), sent.From);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task The_raw_overloads_are_captured_too_and_their_callbacks_get_the_byte_count()
    {
        using var host = new DatagramTestHost();
        var socket = host.CreateSocket();
        socket.Attach(new ReplyingPongServer(socket));
        await socket.BindAsync(0, "127.0.0.1");
        var sentBytes = Wait.Source<int>();

        await host.DeliverAsync(new Pong(1, "raw"), Client);
        socket.Send("text", 40_002, "127.0.0.2", (error, bytes) => sentBytes.TrySetResult(error is null ? bytes : -1));

        Assert.Equal(4, await Wait.For(sentBytes));
        Assert.Equal(["bytes:raw", "text"], host.Sent.Select(d => Encoding.UTF8.GetString(d.Bytes.Span)));
        Assert.Equal([40_001, 40_002], host.Sent.Select(d => d.Port ?? 0));
        Assert.Equal("127.0.0.2", host.Sent[1].Address);
    }

    [Fact]
    public async Task Message_and_ReceiveAsync_hear_what_the_host_delivers()
    {
        using var host = new DatagramTestHost();
        var socket = host.CreateSocket();
        var message = Wait.Source<RemoteInfo>();
        socket.Message += (_, from) => message.TrySetResult(from);
        await socket.BindAsync(0, "127.0.0.1");
        using var stop = new CancellationTokenSource(Wait.Timeout);
        await using var pings = socket.ReceiveAsync<Ping>(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = pings.MoveNextAsync().AsTask();

        await host.DeliverAsync(new Ping(3, DateTimeOffset.UnixEpoch), Client);

        Assert.True(await Wait.For(next));
        Assert.Equal(3, pings.Current.Message.Seq);
        Assert.Equal(Client with { Size = pings.Current.From.Size }, pings.Current.From);
        Assert.Equal(40_001, (await Wait.For(message)).Port);
    }

    [Fact]
    public async Task Two_sockets_of_one_host_reach_each_other_as_on_loopback()
    {
        using var host = new DatagramTestHost();
        var server = host.CreateSocket();
        server.Attach(new ReplyingPongServer(server));
        await server.BindAsync(0, "127.0.0.1");
        var client = host.CreateSocket();
        await client.BindAsync(0, "127.0.0.1");
        using var stop = new CancellationTokenSource(Wait.Timeout);
        await using var pongs = client.ReceiveAsync<Pong>(stop.Token).GetAsyncEnumerator(stop.Token);
        var next = pongs.MoveNextAsync().AsTask();

        await client.SendAsync(new Ping(9, DateTimeOffset.UnixEpoch), server.Address().Port, "127.0.0.1");

        Assert.True(await Wait.For(next));
        Assert.Equal(new Pong(9, "typed"), pongs.Current.Message);
        Assert.Equal(server.Address().Port, pongs.Current.From.Port);
        Assert.Equal(2, host.Sent.Count);
    }

    [Fact]
    public async Task Nodes_argument_and_state_checks_are_the_sockets_own()
    {
        using var host = new DatagramTestHost();
        var socket = host.CreateSocket();

#pragma warning disable TDG0004 // the bad port is the point: the socket must throw as Node's does
        Assert.Equal(DgramErrorCode.BadPort, Assert.Throws<DgramException>(() => socket.Send("x", 0, "127.0.0.1")).Code);
#pragma warning restore TDG0004
        Assert.Equal("EBADF", Assert.Throws<DgramException>(() => socket.Address()).Code);
        await socket.BindAsync(0, "127.0.0.1");
        Assert.Equal(DgramErrorCode.AlreadyBound, Assert.Throws<DgramException>(() => socket.Bind(0)).Code);
        socket.Close();
        Assert.Equal(DgramErrorCode.NotRunning, Assert.Throws<DgramException>(() => socket.Send("x", 1, "127.0.0.1")).Code);
        Assert.Equal(DgramErrorCode.BadType, Assert.Throws<DgramException>(() => host.CreateSocket("udp5")).Code);
    }

    [Fact]
    public async Task An_oversized_datagram_fails_with_EMSGSIZE_and_its_size_as_on_the_OS()
    {
        using var host = new DatagramTestHost();
        var socket = host.CreateSocket();

#pragma warning disable TDG0008 // the oversized payload is the point: the engine must refuse it as the kernel does
        var error = await Assert.ThrowsAsync<DgramException>(async () => await socket.SendAsync(new byte[70_000], 40_000, "127.0.0.1"));
#pragma warning restore TDG0008

        Assert.Equal("EMSGSIZE", error.Code);
        Assert.Contains("70000", error.Message.Replace(",", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty(host.Sent);
    }

    [Fact]
    public async Task A_port_in_use_fails_the_second_bind_with_EADDRINUSE()
    {
        using var host = new DatagramTestHost();
        await host.CreateSocket().BindAsync(41_234, "127.0.0.1");

        var error = await Assert.ThrowsAsync<DgramException>(() => host.CreateSocket().BindAsync(41_234, "127.0.0.1"));

        Assert.Equal("EADDRINUSE", error.Code);
    }

    [Fact]
    public async Task A_connected_socket_hears_only_its_peer_and_an_unbound_one_nothing()
    {
        using var host = new DatagramTestHost();
        var connected = host.CreateSocket();
        var unbound = host.CreateSocket();
        var heard = new List<int>();
        var unboundHeard = 0;
        connected.Message += (_, from) => heard.Add(from.Port);
        unbound.Message += (_, _) => unboundHeard++;
        await connected.ConnectAsync(40_005, "127.0.0.1");

        await host.DeliverAsync(new Ping(1, DateTimeOffset.UnixEpoch), Client);
        await host.DeliverAsync(new Ping(2, DateTimeOffset.UnixEpoch), Client with { Port = 40_005 });

        Assert.Equal([40_005], heard);
        Assert.Equal(0, unboundHeard);
        Assert.Equal(new AddressInfo("127.0.0.1", "IPv4", 40_005), connected.RemoteAddress());
    }

    [Fact]
    public async Task A_malformed_datagram_and_a_handlers_exception_reach_Errors_naming_what_failed()
    {
        using var host = new DatagramTestHost();
        var socket = host.CreateSocket();
        socket.Attach(new RecordingHandlers());
        await socket.BindAsync(0, "127.0.0.1");

        await host.DeliverAsync(new byte[] { 0x93, 0x01, 0xC1 }, Client);
        await host.DeliverAsync(new Settings { Name = "volume" }, Client);

        Assert.Collection(
            host.Errors,
            error => Assert.IsType<MalformedDatagramException>(error),
            error => Assert.Contains("handler failed on volume", error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Authenticated_requests_and_responses_pass_between_two_sockets_sharing_a_key()
    {
        using var host = new DatagramTestHost();
        byte[] key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
        var server = host.CreateSocket().UseAuthenticationKey(key);
        server.Attach(new TypedDgram.Tests.Messaging.Requests.DoorServer());
        await server.BindAsync(0, "127.0.0.1");
        var client = host.CreateSocket().UseAuthenticationKey(key);
        await client.BindAsync(0, "127.0.0.1");

        var unlocked = await Wait.For(client.RequestAsync(new TypedDgram.Tests.Messaging.Requests.Unlock(3), server.Address().Port, "127.0.0.1"));

        Assert.Equal(new TypedDgram.Tests.Messaging.Requests.Unlocked(3, true), unlocked);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task Disposing_the_host_closes_its_sockets()
    {
        var host = new DatagramTestHost();
        var socket = host.CreateSocket();
        var closed = Wait.Source();
        socket.Closed += () => closed.TrySetResult();
        await socket.BindAsync(0, "127.0.0.1");

        host.Dispose();

        await Wait.For(closed);
        Assert.Equal(DgramErrorCode.NotRunning, Assert.Throws<DgramException>(() => host.CreateSocket()).Code);
    }
}

/// <summary>Replies through the socket it holds, as examples/PingPong's server does; a raw reply for Pong.</summary>
public sealed partial class ReplyingPongServer(DgramSocket socket)
{
    [DatagramHandler]
    private void On(Ping ping, RemoteInfo from) => socket.Send(new Pong(ping.Seq, "typed"), from.Port, from.Address);

    [DatagramHandler]
    private void On(Pong pong, RemoteInfo from) => socket.Send(Encoding.UTF8.GetBytes("bytes:" + pong.Note), from.Port, from.Address);
}
