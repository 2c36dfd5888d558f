using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub;

public class MulticastBusOptionsTests
{
    private static async Task<DgramException> JoinFailsAsync(MulticastOptions options) =>
        await Assert.ThrowsAsync<DgramException>(() => MulticastBus.JoinAsync(options));

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("239.255.1")]
    [InlineData("fe80::1")]
    [InlineData("not an address")]
    public async Task Group_that_is_not_a_multicast_address_throws_ERR_INVALID_ARG_VALUE(string group)
    {
        var error = await JoinFailsAsync(new MulticastOptions { Group = group, Interface = Loopback.Interface });

        Assert.Equal(DgramErrorCode.InvalidArgValue, error.Code);
        Assert.Contains("\"Group\"", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("::1")]
    [InlineData("lo")]
    public async Task IPv4_group_with_an_interface_that_is_not_an_IPv4_address_throws_ERR_INVALID_ARG_VALUE(string nic)
    {
        var error = await JoinFailsAsync(new MulticastOptions { Group = Loopback.NewGroup(), Interface = nic });

        Assert.Equal(DgramErrorCode.InvalidArgValue, error.Code);
        Assert.Contains("\"Interface\"", error.Message);
    }

    [Fact]
    public async Task Source_of_another_family_throws_ERR_INVALID_ARG_VALUE()
    {
        var error = await JoinFailsAsync(new MulticastOptions { Group = Loopback.NewGroup(), Interface = Loopback.Interface, Source = "::1" });

        Assert.Equal(DgramErrorCode.InvalidArgValue, error.Code);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public async Task Port_out_of_range_throws_ERR_SOCKET_BAD_PORT(int port)
    {
        var error = await JoinFailsAsync(Loopback.Options(port: port));

        Assert.Equal(DgramErrorCode.BadPort, error.Code);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(256)]
    public async Task Ttl_out_of_range_throws_ERR_OUT_OF_RANGE(int ttl)
    {
        var error = await JoinFailsAsync(new MulticastOptions { Group = Loopback.NewGroup(), Interface = Loopback.Interface, Ttl = ttl });

        Assert.Equal(DgramErrorCode.OutOfRange, error.Code);
        Assert.Contains("\"Ttl\"", error.Message);
    }

    [Theory]
    [InlineData(27)]
    [InlineData(65508)]
    public async Task MaxDatagramSize_out_of_range_throws_ERR_OUT_OF_RANGE(int size)
    {
        var error = await JoinFailsAsync(new MulticastOptions { Group = Loopback.NewGroup(), Interface = Loopback.Interface, MaxDatagramSize = size });

        Assert.Equal(DgramErrorCode.OutOfRange, error.Code);
    }

    [Fact]
    public async Task Interface_address_not_on_this_host_fails_the_join_saying_what_to_check()
    {
        // 192.0.2.0/24 is TEST-NET-1: documentation only, never a host's address.
        var error = await JoinFailsAsync(new MulticastOptions { Group = Loopback.NewGroup(), Interface = "192.0.2.1" });

        Assert.Equal("ENODEV", error.Code);
        Assert.Contains("Cannot join the group", error.Message);
        Assert.Contains("'192.0.2.1' is not the address of an interface of this host", error.Message);
        Assert.IsType<DgramException>(error.InnerException);
    }

    [Fact]
    public async Task Port_zero_binds_an_ephemeral_port_that_a_second_bus_can_join()
    {
        await using var first = await Loopback.JoinAsync();
        await using var second = await Loopback.JoinSameAsync(first);

        Assert.InRange(first.Port, 1, 65535);
        Assert.Equal(first.Port, second.Port);
    }

    [Fact]
    public async Task Without_ReuseAddr_a_second_bus_on_the_port_throws_EADDRINUSE()
    {
        var group = Loopback.NewGroup();
        await using var first = await MulticastBus.JoinAsync(new MulticastOptions { Group = group, Interface = Loopback.Interface, ReuseAddr = false });

        var error = await JoinFailsAsync(new MulticastOptions { Group = group, Port = first.Port, Interface = Loopback.Interface, ReuseAddr = false });

        Assert.Equal(DgramErrorCode.AddressInUse, error.Code);
    }

    [Fact]
    public async Task Each_bus_has_its_own_random_publisher_id()
    {
        await using var first = await Loopback.JoinAsync();
        await using var second = await Loopback.JoinAsync();

        Assert.NotEqual(first.PublisherId, second.PublisherId);
    }
}
