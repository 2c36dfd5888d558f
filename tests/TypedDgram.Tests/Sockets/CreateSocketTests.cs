using System.Net.Sockets;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

public class CreateSocketTests
{
    [Theory]
    [InlineData("udp5")]
    [InlineData("tcp")]
    [InlineData("UDP4")]
    [InlineData("")]
    public void Bad_type_throws_BAD_TYPE(string type)
    {
        var error = Assert.Throws<DgramException>(() => Dgram.CreateSocket(type));
        Assert.Equal(DgramErrorCode.BadType, error.Code);
    }

    [Theory]
    [InlineData("udp4")]
    [InlineData("udp6")]
    public void Type_is_the_one_asked_for(string type)
    {
        using var socket = Dgram.CreateSocket(new SocketOptions { Type = type });
        Assert.Equal(type, socket.Type);
    }

    [Fact]
    public async Task Callback_is_added_as_a_Message_handler()
    {
        var got = Wait.Source<byte[]>();
        await using var socket = Dgram.CreateSocket("udp4", (msg, _) => got.TrySetResult(msg));
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));

        socket.Send(new byte[] { 42 }, socket.Address().Port, "127.0.0.1");

        Assert.Equal(new byte[] { 42 }, await Wait.For(got));
    }

    [Fact]
    public async Task Buffer_size_options_are_applied_at_bind()
    {
        await using var socket = Dgram.CreateSocket(new SocketOptions { Type = "udp4", RecvBufferSize = 10000, SendBufferSize = 12000 });

        await Wait.For(socket.BindAsync(0, "127.0.0.1"));

        // Linux doubles what is set (for bookkeeping overhead); other systems report it as set.
        int factor = OperatingSystem.IsLinux() ? 2 : 1;
        Assert.Equal(10000 * factor, socket.GetRecvBufferSize());
        Assert.Equal(12000 * factor, socket.GetSendBufferSize());
    }

    [Fact]
    public void Negative_buffer_size_option_throws_BAD_BUFFER_SIZE()
    {
        var error = Assert.Throws<DgramException>(() => Dgram.CreateSocket(new SocketOptions { Type = "udp4", RecvBufferSize = -1 }));
        Assert.Equal(DgramErrorCode.BadBufferSize, error.Code);
        error = Assert.Throws<DgramException>(() => Dgram.CreateSocket(new SocketOptions { Type = "udp4", SendBufferSize = -1 }));
        Assert.Equal(DgramErrorCode.BadBufferSize, error.Code);
    }

    [Fact]
    public async Task Custom_lookup_resolves_the_host_names_a_send_goes_to()
    {
        await using var receiver = await Receiver.StartAsync();
        var lookup = Lookups.Loopback();
        await using var sender = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });

        await sender.SendAsync("via lookup", receiver.Port, "receiver.test");

        Assert.Equal("via lookup"u8.ToArray(), (await receiver.NextAsync()).Msg);
        Assert.Contains(("receiver.test", AddressFamily.InterNetwork), lookup.Calls);
    }

    [Fact]
    public async Task Custom_lookup_is_asked_for_the_bind_address_too()
    {
        var lookup = Lookups.Loopback();
        await using var socket = Dgram.CreateSocket(new SocketOptions { Type = "udp6", Lookup = lookup.Function });

        await Wait.For(socket.BindAsync());

        Assert.Equal(new[] { ("::", AddressFamily.InterNetworkV6) }, lookup.Calls.ToArray());
    }

    [Fact]
    public async Task Default_lookup_is_the_system_resolver()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");

        await sender.SendAsync("to localhost", receiver.Port, "localhost");

        Assert.Equal("to localhost"u8.ToArray(), (await receiver.NextAsync()).Msg);
    }

    [Fact]
    public async Task Ipv6Only_leaves_the_IPv4_port_free()
    {
        await using var v6 = Dgram.CreateSocket(new SocketOptions { Type = "udp6", Ipv6Only = true });
        await Wait.For(v6.BindAsync(0, "::"));
        await using var v4 = Dgram.CreateSocket("udp4");

        await Wait.For(v4.BindAsync(v6.Address().Port, "0.0.0.0"));

        Assert.Equal(v6.Address().Port, v4.Address().Port);
    }

    [Fact]
    public async Task Without_Ipv6Only_binding_the_any_address_takes_the_IPv4_port_too()
    {
        await using var v6 = Dgram.CreateSocket("udp6");
        await Wait.For(v6.BindAsync(0, "::"));
        await using var v4 = Dgram.CreateSocket("udp4");

        var error = await Assert.ThrowsAsync<DgramException>(() => Wait.For(v4.BindAsync(v6.Address().Port, "0.0.0.0")));

        Assert.Equal(DgramErrorCode.AddressInUse, error.Code);
    }

    [Fact]
    public async Task Cancelling_the_signal_closes_the_socket()
    {
        using var signal = new CancellationTokenSource();
        var socket = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Signal = signal.Token });
        var closed = Wait.Source();
        socket.Closed += () => closed.TrySetResult();
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));

        await signal.CancelAsync();

        await Wait.For(closed);
        Assert.Equal(DgramErrorCode.NotRunning, Assert.Throws<DgramException>(() => socket.Address()).Code);
    }

    [Fact]
    public void A_signal_cancelled_before_creation_gives_a_closed_socket()
    {
        var socket = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Signal = new CancellationToken(canceled: true) });

        Assert.Equal(DgramErrorCode.NotRunning, Assert.Throws<DgramException>(() => socket.Bind()).Code);
    }

    [Fact]
    public async Task Cancelling_the_signal_after_close_does_nothing()
    {
        using var signal = new CancellationTokenSource();
        var socket = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Signal = signal.Token });
        int closedEvents = 0;
        int errors = 0;
        socket.Closed += () => Interlocked.Increment(ref closedEvents);
        socket.Error += _ => Interlocked.Increment(ref errors);
        await socket.DisposeAsync();

        await signal.CancelAsync();

        await Wait.For(socket.WhenEventsDelivered());
        Assert.Equal(1, closedEvents);
        Assert.Equal(0, errors);
    }
}
