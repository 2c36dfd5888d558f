using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

public class AddressTests
{
    [Fact]
    public void Address_of_an_unbound_socket_throws_EBADF()
    {
        using var socket = Dgram.CreateSocket("udp4");

        var error = Assert.Throws<DgramException>(() => socket.Address());

        Assert.Equal(DgramErrorCode.BadFileDescriptor, error.Code);
        Assert.Equal("getsockname", error.Syscall);
    }

    [Fact]
    public async Task Address_after_close_throws_NOT_RUNNING()
    {
        var socket = Dgram.CreateSocket("udp4");
        await Wait.For(socket.BindAsync(0, "127.0.0.1"));
        await socket.DisposeAsync();

        Assert.Equal(DgramErrorCode.NotRunning, Assert.Throws<DgramException>(() => socket.Address()).Code);
    }

    [Theory]
    [InlineData("udp4", "127.0.0.1", "IPv4")]
    [InlineData("udp6", "::1", "IPv6")]
    public async Task Address_is_the_bound_address_family_and_port(string type, string address, string family)
    {
        await using var socket = Dgram.CreateSocket(type);

        await Wait.For(socket.BindAsync(0, address));

        var info = socket.Address();
        Assert.Equal(address, info.Address);
        Assert.Equal(family, info.Family);
        Assert.InRange(info.Port, 1, 65535);
    }
}
