using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

public class ConnectTests
{
    [Fact]
    public async Task Connect_fires_Connected_then_the_callback_and_sets_the_remote_address()
    {
        await using var peer = await Receiver.StartAsync();
        await using var socket = Dgram.CreateSocket("udp4");
        var order = new List<string>();
        var done = Wait.Source<DgramException?>();
        socket.Connected += () => order.Add("connected");

        socket.Connect(peer.Port, "127.0.0.1", error =>
        {
            order.Add("callback");
            done.TrySetResult(error);
        });

        Assert.Null(await Wait.For(done));
        Assert.Equal(["connected", "callback"], order);
        Assert.Equal(new AddressInfo("127.0.0.1", "IPv4", peer.Port), socket.RemoteAddress());
    }

    [Fact]
    public async Task Connect_without_an_address_goes_to_loopback()
    {
        await using var peer = await Receiver.StartAsync("udp6");
        await using var socket = Dgram.CreateSocket("udp6");

        await Wait.For(socket.ConnectAsync(peer.Port));

        Assert.Equal(new AddressInfo("::1", "IPv6", peer.Port), socket.RemoteAddress());
    }

    [Fact]
    public async Task Connect_on_an_unbound_socket_binds_it()
    {
        await using var peer = await Receiver.StartAsync();
        await using var socket = Dgram.CreateSocket("udp4");
        var listening = Wait.Source();
        socket.Listening += () => listening.TrySetResult();

        await Wait.For(socket.ConnectAsync(peer.Port, "127.0.0.1"));

        await Wait.For(listening);
        Assert.InRange(socket.Address().Port, 1, 65535);
    }

    [Fact]
    public async Task Connected_send_goes_to_the_peer()
    {
        await using var peer = await Receiver.StartAsync();
        await using var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.ConnectAsync(peer.Port, "127.0.0.1"));

        int sent = await socket.SendAsync("to peer"u8.ToArray());

        Assert.Equal(7, sent);
        var (msg, rinfo) = await peer.NextAsync();
        Assert.Equal("to peer"u8.ToArray(), msg);
        Assert.Equal(socket.Address().Port, rinfo.Port);
    }

    [Fact]
    public async Task Connect_twice_throws_IS_CONNECTED()
    {
        await using var peer = await Receiver.StartAsync();
        await using var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.ConnectAsync(peer.Port, "127.0.0.1"));

        var error = Assert.Throws<DgramException>(() => socket.Connect(peer.Port, "127.0.0.1"));

        Assert.Equal((DgramErrorCode.IsConnected, "Already connected"), (error.Code, error.Message));
    }

    [Fact]
    public async Task Connect_while_a_connect_is_pending_throws_IS_CONNECTED()
    {
        var lookup = Lookups.Loopback().Hold();
        await using var socket = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });
        socket.Connect(9, "peer.test");

        var error = Assert.Throws<DgramException>(() => socket.Connect(9, "peer.test"));

        Assert.Equal(DgramErrorCode.IsConnected, error.Code);
        lookup.Release();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(65536)]
    public void Connect_with_a_bad_port_throws_BAD_PORT(int port)
    {
        using var socket = Dgram.CreateSocket("udp4");

        var error = Assert.Throws<DgramException>(() => socket.Connect(port));

        Assert.Equal(DgramErrorCode.BadPort, error.Code);
    }

    [Fact]
    public void Disconnect_when_not_connected_throws_NOT_CONNECTED()
    {
        using var socket = Dgram.CreateSocket("udp4");

        var error = Assert.Throws<DgramException>(socket.Disconnect);

        Assert.Equal((DgramErrorCode.NotConnected, "Not connected"), (error.Code, error.Message));
    }

    [Fact]
    public async Task RemoteAddress_when_not_connected_throws_NOT_CONNECTED()
    {
        await using var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));

#pragma warning disable TDG0007 // wrong on purpose: the test checks the run-time error that TDG0007 reports at compile time
        Assert.Equal(DgramErrorCode.NotConnected, Assert.Throws<DgramException>(() => socket.RemoteAddress()).Code);
#pragma warning restore TDG0007
    }

    [Fact]
    public async Task Disconnect_ends_the_association_and_keeps_the_port()
    {
        await using var peer = await Receiver.StartAsync();
        await using var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.ConnectAsync(peer.Port, "127.0.0.1"));
        int port = socket.Address().Port;

        socket.Disconnect();

#pragma warning disable TDG0007 // wrong on purpose: the test checks the run-time error that TDG0007 reports at compile time
        Assert.Equal(DgramErrorCode.NotConnected, Assert.Throws<DgramException>(() => socket.RemoteAddress()).Code);
#pragma warning restore TDG0007
        Assert.Equal(port, socket.Address().Port);
        await socket.SendAsync("unconnected again", peer.Port, "127.0.0.1");
        Assert.Equal(port, (await peer.NextAsync()).Rinfo.Port);
    }

    [Fact]
    public async Task Reconnect_after_disconnect_fires_Connected_again()
    {
        await using var peer = await Receiver.StartAsync();
        await using var socket = Dgram.CreateSocket("udp4");
        int connectedEvents = 0;
        socket.Connected += () => Interlocked.Increment(ref connectedEvents);
        await Wait.For(socket.ConnectAsync(peer.Port, "127.0.0.1"));
        socket.Disconnect();

        await Wait.For(socket.ConnectAsync(peer.Port, "127.0.0.1"));

        await Wait.For(socket.WhenEventsDelivered());
        Assert.Equal(2, connectedEvents);
        await socket.SendAsync("again"u8.ToArray());
        Assert.Equal("again"u8.ToArray(), (await peer.NextAsync()).Msg);
    }

    [Fact]
    public async Task Connected_socket_receives_only_from_its_peer()
    {
        await using var peer = await Receiver.StartAsync();
        await using var stranger = await Receiver.StartAsync();
        await using var socket = await Receiver.StartAsync();
        await Wait.For(socket.Socket.ConnectAsync(peer.Port, "127.0.0.1"));

        // Loopback delivers within the send call, so a stranger's datagram would be queued before the peer's.
        await stranger.Socket.SendAsync("from stranger", socket.Port, "127.0.0.1");
        await peer.Socket.SendAsync("from peer", socket.Port, "127.0.0.1");

        var (msg, rinfo) = await socket.NextAsync();
        Assert.Equal("from peer"u8.ToArray(), msg);
        Assert.Equal(peer.Port, rinfo.Port);
    }

    [Fact]
    public async Task Lookup_failure_goes_to_the_connect_callback()
    {
        var lookup = Lookups.Loopback();
        await using var socket = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });
        var failed = Wait.Source<DgramException?>();

        socket.Connect(9, "nowhere.invalid", error => failed.TrySetResult(error));

        Assert.Equal(DgramErrorCode.NotFound, (await Wait.For(failed))?.Code);
        Assert.Equal(DgramErrorCode.NotConnected, Assert.Throws<DgramException>(() => socket.RemoteAddress()).Code);
    }

    [Fact]
    public async Task Failed_connect_without_a_callback_raises_Error_and_a_later_connect_works()
    {
        await using var peer = await Receiver.StartAsync();
        var lookup = Lookups.Loopback();
        await using var socket = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });
        var failed = Wait.Source<Exception>();
        socket.Error += error => failed.TrySetResult(error);

        socket.Connect(9, "nowhere.invalid");
        Assert.Equal(DgramErrorCode.NotFound, Assert.IsType<DgramException>(await Wait.For(failed)).Code);

        await Wait.For(socket.ConnectAsync(peer.Port, "127.0.0.1"));
        Assert.Equal(peer.Port, socket.RemoteAddress().Port);
    }

    [Fact]
    public async Task Port_unreachable_on_a_connected_socket_raises_ECONNREFUSED_and_the_socket_keeps_working()
    {
        int deadPort;
        await using (var gone = await Receiver.StartAsync())
        {
            deadPort = gone.Port;
        }
        await using var peer = await Receiver.StartAsync();
        await using var socket = Dgram.CreateSocket("udp4");
        var refused = Wait.Source<Exception>();
        socket.Error += error => refused.TrySetResult(error);
        await Wait.For(socket.ConnectAsync(deadPort, "127.0.0.1"));

        // The ICMP error may surface on this send, a later one, or the receive loop: all must reach Error or the callback.
        socket.Send("knock"u8.ToArray(), (error, _) =>
        {
            if (error is not null)
            {
                refused.TrySetResult(error);
            }
        });

        var error = Assert.IsType<DgramException>(await Wait.For(refused));
        Assert.Equal(DgramErrorCode.ConnectionRefused, error.Code);
        socket.Disconnect();
        await Wait.For(socket.ConnectAsync(peer.Port, "127.0.0.1"));
        await socket.SendAsync("still working"u8.ToArray());
        Assert.Equal("still working"u8.ToArray(), (await peer.NextAsync()).Msg);
    }

    [Fact]
    public async Task Receive_loop_goes_on_after_ECONNREFUSED()
    {
        int deadPort;
        await using (var gone = await Receiver.StartAsync())
        {
            deadPort = gone.Port;
        }
        await using var socket = await Receiver.StartAsync();
        var refused = Wait.Source<Exception>();
        socket.Socket.Error += error => refused.TrySetResult(error);
        await Wait.For(socket.Socket.ConnectAsync(deadPort, "127.0.0.1"));
        socket.Socket.Send("knock"u8.ToArray(), (_, _) => { });
        Assert.Equal(DgramErrorCode.ConnectionRefused, Assert.IsType<DgramException>(await Wait.For(refused)).Code);
        socket.Socket.Disconnect();

        await using var sender = Dgram.CreateSocket("udp4");
        await sender.SendAsync("after the error", socket.Port, "127.0.0.1");

        Assert.Equal("after the error"u8.ToArray(), (await socket.NextAsync()).Msg);
    }
}
