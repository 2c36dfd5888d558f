using System.Text;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

public class SendTests
{
    [Fact]
    public async Task Datagram_sent_to_a_bound_socket_arrives_with_its_sender()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");
        await Wait.For(sender.BindAsync(0, "127.0.0.1"));

        sender.Send("hello"u8.ToArray(), receiver.Port, "127.0.0.1");

        var (msg, rinfo) = await receiver.NextAsync();
        Assert.Equal("hello", Encoding.UTF8.GetString(msg));
        Assert.Equal(new RemoteInfo("127.0.0.1", "IPv4", sender.Address().Port, 5), rinfo);
    }

    [Fact]
    public async Task Callback_gets_the_number_of_bytes_sent()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");
        var done = Wait.Source<(DgramException?, int)>();

        sender.Send(new byte[] { 1, 2, 3, 4, 5, 6 }, 1, 4, receiver.Port, "127.0.0.1", (error, bytes) => done.TrySetResult((error, bytes)));

        Assert.Equal((null, 4), await Wait.For(done));
        Assert.Equal(new byte[] { 2, 3, 4, 5 }, (await receiver.NextAsync()).Msg);
    }

    [Fact]
    public async Task SendAsync_completes_with_the_number_of_bytes_sent()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sender = Dgram.CreateSocket("udp4");

        int sent = await sender.SendAsync("héllo", receiver.Port, "127.0.0.1");

        Assert.Equal(6, sent);
        Assert.Equal("héllo", Encoding.UTF8.GetString((await receiver.NextAsync()).Msg));
    }
}
