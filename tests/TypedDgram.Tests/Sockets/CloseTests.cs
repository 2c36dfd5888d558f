using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

public class CloseTests
{
    [Fact]
    public async Task Close_returns_the_socket_and_calls_back()
    {
        var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync());
        var closed = Wait.Source();

        var returned = socket.Close(() => closed.TrySetResult());

        Assert.Same(socket, returned);
        await Wait.For(closed);
    }
}
