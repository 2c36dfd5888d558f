using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

public class ImplicitBindTests
{
    [Theory]
    [InlineData("udp4", "0.0.0.0")]
    [InlineData("udp6", "::")]
    public async Task Send_on_an_unbound_socket_binds_it_to_all_interfaces_on_a_random_port(string type, string any)
    {
        await using var receiver = await Receiver.StartAsync(type);
        await using var sender = Dgram.CreateSocket(type);
        var listening = Wait.Source();
        sender.Listening += () => listening.TrySetResult();

        sender.Send("x", receiver.Port);

        await Wait.For(listening);
        Assert.Equal(any, sender.Address().Address);
        Assert.InRange(sender.Address().Port, 1, 65535);
        Assert.Equal(sender.Address().Port, (await receiver.NextAsync()).Rinfo.Port);
    }

    [Fact]
    public async Task Sends_queued_during_the_implicit_bind_go_out_in_order()
    {
        await using var receiver = await Receiver.StartAsync();
        var lookup = Lookups.Loopback().Hold();
        await using var sender = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });

        for (byte i = 1; i <= 5; i++)
        {
            sender.Send(new[] { i }, receiver.Port, "127.0.0.1");
        }
        Assert.Equal(5, sender.GetSendQueueCount());
        lookup.Release();

        for (byte i = 1; i <= 5; i++)
        {
            Assert.Equal(new[] { i }, (await receiver.NextAsync()).Msg);
        }
    }

    [Fact]
    public async Task Failed_implicit_bind_gives_every_queued_send_callback_the_error()
    {
        var lookup = Lookups.Failing("EMOCKLOOKUP").Hold();
        await using var sender = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });
        bool errorRaised = false;
        sender.Error += _ => errorRaised = true;
        var callbacks = Enumerable.Range(0, 3).Select(_ => Wait.Source<DgramException?>()).ToArray();

        foreach (var callback in callbacks)
        {
            sender.Send("x", 9, "127.0.0.1", (error, _) => callback.TrySetResult(error));
        }
        lookup.Release();

        foreach (var callback in callbacks)
        {
            Assert.Equal("EMOCKLOOKUP", (await Wait.For(callback))?.Code);
        }
        await Wait.For(sender.WhenEventsDelivered());
        Assert.False(errorRaised);
    }

    [Fact]
    public async Task Failed_implicit_bind_with_a_send_without_callback_raises_Error()
    {
        var lookup = Lookups.Failing("EMOCKLOOKUP").Hold();
        await using var sender = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });
        var failed = Wait.Source<Exception>();
        sender.Error += error => failed.TrySetResult(error);

        sender.Send("x", 9, "127.0.0.1");
        lookup.Release();

        Assert.Equal("EMOCKLOOKUP", Assert.IsType<DgramException>(await Wait.For(failed)).Code);
    }

    [Fact]
    public async Task Failed_implicit_bind_faults_a_queued_SendAsync()
    {
        var lookup = Lookups.Failing("EMOCKLOOKUP").Hold();
        await using var sender = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });

        var send = sender.SendAsync("x", 9, "127.0.0.1").AsTask();
        lookup.Release();

        Assert.Equal("EMOCKLOOKUP", (await Assert.ThrowsAsync<DgramException>(() => Wait.For(send))).Code);
    }

    [Fact]
    public async Task A_send_after_a_failed_implicit_bind_tries_to_bind_again()
    {
        var lookup = Lookups.Failing("EMOCKLOOKUP");
        await using var sender = Dgram.CreateSocket(new SocketOptions { Type = "udp4", Lookup = lookup.Function });

        for (int attempt = 0; attempt < 2; attempt++)
        {
            var failed = Wait.Source<DgramException?>();
            sender.Send("x", 9, "127.0.0.1", (error, _) => failed.TrySetResult(error));
            Assert.Equal("EMOCKLOOKUP", (await Wait.For(failed))?.Code);
        }
        Assert.Equal(2, lookup.Calls.Count(call => call.Hostname == "0.0.0.0"));
    }
}
