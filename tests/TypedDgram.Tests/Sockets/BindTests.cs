using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

public class BindTests
{
    [Fact]
    public async Task Bind_returns_the_socket()
    {
        await using var socket = Dgram.CreateSocket("udp4");
        var listening = Wait.Source();

        var returned = socket.Bind(0, "127.0.0.1", () => listening.TrySetResult());

        Assert.Same(socket, returned);
        await Wait.For(listening);
    }

    [Fact]
    public async Task Every_bind_overload_binds()
    {
        await using var a = Dgram.CreateSocket("udp4");
        await using var b = Dgram.CreateSocket("udp4");
        await using var c = Dgram.CreateSocket("udp6");
        await using var d = Dgram.CreateSocket("udp4");
        var listening = new[] { Wait.Source(), Wait.Source(), Wait.Source(), Wait.Source() };

        a.Bind(() => listening[0].TrySetResult());
        b.Bind(0, () => listening[1].TrySetResult());
        c.Bind(new BindOptions { Port = 0, Address = "::1", Exclusive = true }, () => listening[2].TrySetResult());
        d.Bind(0, "127.0.0.1", () => listening[3].TrySetResult());

        await Wait.For(Task.WhenAll(listening.Select(l => l.Task)));
        Assert.Equal("::1", c.Address().Address);
    }

    [Fact]
    public async Task Listening_fires_before_the_bind_callback()
    {
        await using var socket = Dgram.CreateSocket("udp4");
        var order = new List<string>();
        var done = Wait.Source();
        socket.Listening += () => order.Add("listening");

        socket.Bind(0, "127.0.0.1", () =>
        {
            order.Add("callback");
            done.TrySetResult();
        });

        await Wait.For(done);
        Assert.Equal(["listening", "callback"], order);
    }

    [Fact]
    public async Task Second_bind_throws_ALREADY_BOUND()
    {
        await using var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));

        var error = Assert.Throws<DgramException>(() => socket.Bind(0));

        Assert.Equal(DgramErrorCode.AlreadyBound, error.Code);
    }

    [Fact]
    public async Task Bind_while_a_bind_is_pending_throws_ALREADY_BOUND()
    {
        var lookup = Lookups.Loopback().Hold();
        await using var socket = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });
        socket.Bind(0);

        var error = Assert.Throws<DgramException>(() => socket.Bind(0));

        Assert.Equal(DgramErrorCode.AlreadyBound, error.Code);
        lookup.Release();
    }

    [Theory]
    [InlineData("udp4", "0.0.0.0", "IPv4")]
    [InlineData("udp6", "::", "IPv6")]
    public async Task Default_address_is_all_interfaces(string type, string any, string family)
    {
        await using var socket = Dgram.CreateSocket(type);

        await Wait.For(socket.BindAsync());

        var address = socket.Address();
        Assert.Equal(any, address.Address);
        Assert.Equal(family, address.Family);
    }

    [Fact]
    public async Task Port_0_picks_a_free_port()
    {
        await using var socket = Dgram.CreateSocket("udp4");

        await Wait.For(socket.BindAsync(0, "127.0.0.1"));

        Assert.InRange(socket.Address().Port, 1, 65535);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Bad_port_throws_BAD_PORT(int port)
    {
        using var socket = Dgram.CreateSocket("udp4");

        var error = Assert.Throws<DgramException>(() => socket.Bind(port));

        Assert.Equal(DgramErrorCode.BadPort, error.Code);
        Assert.Equal($"Port should be >= 0 and < 65536. Received {port}.", error.Message);
    }

    [Fact]
    public async Task Port_in_use_raises_EADDRINUSE_on_Error_with_address_and_port()
    {
        await using var taken = await Receiver.StartAsync();
        await using var socket = Dgram.CreateSocket("udp4");
        var failed = Wait.Source<Exception>();
        socket.Error += error => failed.TrySetResult(error);

        socket.Bind(taken.Port, "127.0.0.1");

        var error = Assert.IsType<DgramException>(await Wait.For(failed));
        Assert.Equal(DgramErrorCode.AddressInUse, error.Code);
        Assert.Equal("bind", error.Syscall);
        Assert.Equal("127.0.0.1", error.Address);
        Assert.Equal(taken.Port, error.Port);
        Assert.Equal($"bind EADDRINUSE 127.0.0.1:{taken.Port}", error.Message);
    }

    [Fact]
    public async Task Failed_bind_raises_Error_every_time_it_is_tried()
    {
        await using var taken = await Receiver.StartAsync();
        await using var socket = Dgram.CreateSocket("udp4");
        var errors = System.Threading.Channels.Channel.CreateUnbounded<Exception>();
        socket.Error += error => errors.Writer.TryWrite(error);

        for (int attempt = 0; attempt < 3; attempt++)
        {
            socket.Bind(taken.Port, "127.0.0.1");
            var error = Assert.IsType<DgramException>(await Wait.For(errors.Reader.ReadAsync().AsTask()));
            Assert.Equal(DgramErrorCode.AddressInUse, error.Code);
        }
    }

    [Fact]
    public async Task Address_not_on_this_host_raises_EADDRNOTAVAIL_naming_it()
    {
        await using var socket = Dgram.CreateSocket("udp4");
        var failed = Wait.Source<Exception>();
        socket.Error += error => failed.TrySetResult(error);

        // 192.0.2.0/24 is TEST-NET-1: never assigned to a host.
        socket.Bind(0, "192.0.2.1");

        var error = Assert.IsType<DgramException>(await Wait.For(failed));
        Assert.Equal(DgramErrorCode.AddressNotAvailable, error.Code);
        Assert.Equal("bind EADDRNOTAVAIL 192.0.2.1", error.Message);
    }

    [Fact]
    public async Task Failed_bind_does_not_call_the_callback()
    {
        await using var taken = await Receiver.StartAsync();
        await using var socket = Dgram.CreateSocket("udp4");
        bool called = false;
        var failed = Wait.Source();
        socket.Error += _ => failed.TrySetResult();

        socket.Bind(taken.Port, "127.0.0.1", () => called = true);

        await Wait.For(failed);
        await Wait.For(socket.WhenEventsDelivered());
        Assert.False(called);
    }

    [Fact]
    public async Task BindAsync_faults_instead_of_raising_Error()
    {
        await using var taken = await Receiver.StartAsync();
        await using var socket = Dgram.CreateSocket("udp4");
        bool errorRaised = false;
        socket.Error += _ => errorRaised = true;

        var error = await Assert.ThrowsAsync<DgramException>(() => Wait.For(socket.BindAsync(taken.Port, "127.0.0.1")));

        Assert.Equal(DgramErrorCode.AddressInUse, error.Code);
        await Wait.For(socket.WhenEventsDelivered());
        Assert.False(errorRaised);
    }

    [Fact]
    public async Task Close_during_a_pending_lookup_gives_no_error_and_no_callback()
    {
        var lookup = Lookups.Loopback().Hold();
        var socket = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });
        var events = new List<string>();
        socket.Error += _ => events.Add("error");
        socket.Listening += () => events.Add("listening");
        socket.Bind(0, "localhost", () => events.Add("callback"));
        var closed = Wait.Source();

        socket.Close(() => closed.TrySetResult());
        lookup.Release();

        await Wait.For(closed);
        await Wait.For(socket.WhenEventsDelivered());
        Assert.Empty(events);
    }

    [Fact]
    public async Task Bind_on_a_closed_socket_throws_NOT_RUNNING()
    {
        var socket = Dgram.CreateSocket("udp4");
        await socket.DisposeAsync();

        Assert.Equal(DgramErrorCode.NotRunning, Assert.Throws<DgramException>(() => socket.Bind()).Code);
    }

    [Fact]
    public async Task ReuseAddr_lets_two_sockets_share_a_port()
    {
        await using var first = Dgram.CreateSocket(new SocketOptions { Type = "udp4", ReuseAddr = true });
        await Wait.For(first.BindAsync(0, "127.0.0.1"));
        await using var second = Dgram.CreateSocket(new SocketOptions { Type = "udp4", ReuseAddr = true });

        await Wait.For(second.BindAsync(first.Address().Port, "127.0.0.1"));

        Assert.Equal(first.Address().Port, second.Address().Port);
    }

    [Fact]
    public async Task ReusePort_lets_two_sockets_share_a_port()
    {
        await using var first = Dgram.CreateSocket(new SocketOptions { Type = "udp6", ReusePort = true });
        await Wait.For(first.BindAsync(0, "::1"));
        await using var second = Dgram.CreateSocket(new SocketOptions { Type = "udp6", ReusePort = true });

        await Wait.For(second.BindAsync(first.Address().Port, "::1"));

        Assert.Equal(first.Address().Port, second.Address().Port);
    }

    [Fact]
    public async Task Without_reuse_a_second_socket_cannot_take_the_port()
    {
        await using var first = Dgram.CreateSocket("udp4");
        await Wait.For(first.BindAsync(0, "127.0.0.1"));
        await using var second = Dgram.CreateSocket("udp4");

        var error = await Assert.ThrowsAsync<DgramException>(() => Wait.For(second.BindAsync(first.Address().Port, "127.0.0.1")));

        Assert.Equal(DgramErrorCode.AddressInUse, error.Code);
    }

    [Fact]
    public async Task Exclusive_bind_does_not_share_its_port_even_with_ReuseAddr()
    {
        await using var first = Dgram.CreateSocket(new SocketOptions { Type = "udp4", ReuseAddr = true, ReusePort = true });
        await Wait.For(first.BindAsync(new BindOptions { Address = "127.0.0.1", Exclusive = true }));
        await using var second = Dgram.CreateSocket(new SocketOptions { Type = "udp4", ReuseAddr = true, ReusePort = true });

        var error = await Assert.ThrowsAsync<DgramException>(() => Wait.For(second.BindAsync(first.Address().Port, "127.0.0.1")));

        Assert.Equal(DgramErrorCode.AddressInUse, error.Code);
    }
}
