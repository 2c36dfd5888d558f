using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

public class MembershipAndOptionsTests
{
    private static async Task<DgramSocket> BoundAsync(string type = "udp4")
    {
        var socket = Dgram.CreateSocket(type);
        await Wait.For(socket.BindAsync(0, type == "udp4" ? "127.0.0.1" : "::1"));
        return socket;
    }

    private static async Task<DgramSocket> ClosedAsync()
    {
        var socket = Dgram.CreateSocket("udp4");
        await socket.DisposeAsync();
        return socket;
    }

    [Fact]
    public async Task Membership_calls_on_a_closed_socket_throw_NOT_RUNNING()
    {
        var socket = await ClosedAsync();

        Assert.Equal(DgramErrorCode.NotRunning, Assert.Throws<DgramException>(() => socket.AddMembership("239.255.0.1", "127.0.0.1")).Code);
        Assert.Equal(DgramErrorCode.NotRunning, Assert.Throws<DgramException>(() => socket.DropMembership("239.255.0.1", "127.0.0.1")).Code);
        Assert.Equal(DgramErrorCode.NotRunning, Assert.Throws<DgramException>(() => socket.AddSourceSpecificMembership("127.0.0.1", "232.1.1.1", "127.0.0.1")).Code);
        Assert.Equal(DgramErrorCode.NotRunning, Assert.Throws<DgramException>(() => socket.DropSourceSpecificMembership("127.0.0.1", "232.1.1.1", "127.0.0.1")).Code);
    }

    [Theory]
    [InlineData("256.256.256.256")]
    [InlineData("0")]
    [InlineData("not an address")]
    public async Task Invalid_group_throws_EINVAL(string group)
    {
        await using var socket = await BoundAsync();

        var add = Assert.Throws<DgramException>(() => socket.AddMembership(group, "127.0.0.1"));
        var drop = Assert.Throws<DgramException>(() => socket.DropMembership(group, "127.0.0.1"));

        Assert.Equal((DgramErrorCode.InvalidArgument, "addMembership EINVAL"), (add.Code, add.Message));
        Assert.Equal((DgramErrorCode.InvalidArgument, "dropMembership EINVAL"), (drop.Code, drop.Message));
    }

    [Fact]
    public async Task Joining_a_unicast_address_throws_EINVAL()
    {
        await using var socket = await BoundAsync();

#pragma warning disable TDG0006 // wrong on purpose: the test checks the run-time error that TDG0006 reports at compile time
        var error = Assert.Throws<DgramException>(() => socket.AddMembership("10.0.0.1", "127.0.0.1"));
#pragma warning restore TDG0006

        Assert.Equal((DgramErrorCode.InvalidArgument, "addMembership"), (error.Code, error.Syscall));
    }

    [Fact]
    public async Task Missing_group_throws_MISSING_ARGS()
    {
        await using var socket = await BoundAsync();

#pragma warning disable TDG0006 // wrong on purpose: the test checks the run-time error that TDG0006 reports at compile time
        Assert.Equal(DgramErrorCode.MissingArgs, Assert.Throws<DgramException>(() => socket.AddMembership("")).Code);
#pragma warning restore TDG0006
    }

    [Fact]
    public async Task Invalid_source_specific_addresses_throw_EINVAL()
    {
        await using var socket = await BoundAsync();

#pragma warning disable TDG0006 // wrong on purpose: the test checks the run-time error that TDG0006 reports at compile time
        var badGroup = Assert.Throws<DgramException>(() => socket.AddSourceSpecificMembership("127.0.0.1", "0", "127.0.0.1"));
        var badSource = Assert.Throws<DgramException>(() => socket.AddSourceSpecificMembership("300.1.1.1", "232.1.1.1", "127.0.0.1"));
#pragma warning restore TDG0006

        Assert.Equal((DgramErrorCode.InvalidArgument, "addSourceSpecificMembership EINVAL"), (badGroup.Code, badGroup.Message));
        Assert.Equal(DgramErrorCode.InvalidArgument, badSource.Code);
    }

    [Fact]
    public async Task Drop_without_add_throws_EADDRNOTAVAIL()
    {
        await using var socket = await BoundAsync();

        var error = Assert.Throws<DgramException>(() => socket.DropMembership("239.255.0.1", "127.0.0.1"));

        Assert.Equal(DgramErrorCode.AddressNotAvailable, error.Code);
        Assert.Equal("dropMembership", error.Syscall);
    }

    [Fact]
    public async Task Add_then_drop_membership_succeeds()
    {
        await using var socket = await BoundAsync();
        string group = MulticastGroups.NextIPv4();

        socket.AddMembership(group, "127.0.0.1");
        socket.DropMembership(group, "127.0.0.1");

        Assert.Equal(DgramErrorCode.AddressNotAvailable, Assert.Throws<DgramException>(() => socket.DropMembership(group, "127.0.0.1")).Code);
    }

    [Fact]
    public async Task AddMembership_on_an_address_not_on_this_host_throws_ENODEV()
    {
        await using var socket = await BoundAsync();

        // 192.0.2.0/24 is documentation space (RFC 5737): no interface of a test machine has it. Nothing is sent.
        var error = Assert.Throws<DgramException>(() => socket.AddMembership(MulticastGroups.NextIPv4(), "192.0.2.1"));

        Assert.Equal(("ENODEV", "addMembership", "addMembership ENODEV"), (error.Code, error.Syscall, error.Message));
    }

    [Fact]
    public async Task AddSourceSpecificMembership_on_an_address_not_on_this_host_throws_ENODEV()
    {
        await using var socket = await BoundAsync();
        string group = $"232.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";

        var error = Assert.Throws<DgramException>(() => socket.AddSourceSpecificMembership("127.0.0.1", group, "192.0.2.1"));

        Assert.Equal(("ENODEV", "addSourceSpecificMembership"), (error.Code, error.Syscall));
    }

    [Fact]
    public async Task AddMembership_on_an_IPv6_scope_that_names_no_interface_throws_ENODEV()
    {
        await using var socket = await BoundAsync("udp6");

        var error = Assert.Throws<DgramException>(() => socket.AddMembership(MulticastGroups.NextIPv6("ff15"), "::%99999"));

        Assert.Equal(("ENODEV", "addMembership"), (error.Code, error.Syscall));
    }

    [Fact]
    public async Task AddMembership_on_an_unbound_socket_binds_it()
    {
        await using var socket = Dgram.CreateSocket("udp4");
        var listening = Wait.Source();
        socket.Listening += () => listening.TrySetResult();

        socket.AddMembership(MulticastGroups.NextIPv4(), "127.0.0.1");

        await Wait.For(listening);
        Assert.Equal("0.0.0.0", socket.Address().Address);
    }

    [Fact]
    public async Task SetTTL_returns_its_value()
    {
        await using var socket = await BoundAsync();

        Assert.Equal(16, socket.SetTTL(16));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(256)]
    [InlineData(1000)]
    public async Task SetTTL_outside_1_to_255_throws_EINVAL(int ttl)
    {
        await using var socket = await BoundAsync();

        var error = Assert.Throws<DgramException>(() => socket.SetTTL(ttl));

        Assert.Equal((DgramErrorCode.InvalidArgument, "setTTL", "setTTL EINVAL"), (error.Code, error.Syscall, error.Message));
    }

    [Theory]
    [InlineData("udp4", 0)]
    [InlineData("udp4", 16)]
    [InlineData("udp6", 255)]
    public async Task SetMulticastTTL_returns_its_value(string type, int ttl)
    {
        await using var socket = await BoundAsync(type);

        Assert.Equal(ttl, socket.SetMulticastTTL(ttl));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1000)]
    public async Task SetMulticastTTL_outside_0_to_255_throws_EINVAL(int ttl)
    {
        await using var socket = await BoundAsync();

        var error = Assert.Throws<DgramException>(() => socket.SetMulticastTTL(ttl));

        Assert.Equal((DgramErrorCode.InvalidArgument, "setMulticastTTL EINVAL"), (error.Code, error.Message));
    }

    [Fact]
    public void Options_before_bind_throw_EBADF()
    {
        using var socket = Dgram.CreateSocket("udp4");

        Assert.Equal(("EBADF", "setBroadcast"), Code(() => socket.SetBroadcast(true)));
        Assert.Equal(("EBADF", "setMulticastLoopback"), Code(() => socket.SetMulticastLoopback(true)));
        Assert.Equal(("EBADF", "setTTL"), Code(() => socket.SetTTL(64)));
        Assert.Equal(("EBADF", "setMulticastTTL"), Code(() => socket.SetMulticastTTL(1)));
        Assert.Equal(("EBADF", "setMulticastInterface"), Code(() => socket.SetMulticastInterface("127.0.0.1")));

        static (string, string?) Code(Action call)
        {
            var error = Assert.Throws<DgramException>(call);
            return (error.Code, error.Syscall);
        }
    }

    [Fact]
    public async Task SetBroadcast_and_SetMulticastLoopback_work_once_bound()
    {
        await using var socket = await BoundAsync();

        socket.SetBroadcast(true);
        socket.SetBroadcast(false);

        Assert.True(socket.SetMulticastLoopback(true));
        Assert.False(socket.SetMulticastLoopback(false));
    }

    [Fact]
    public void Buffer_sizes_before_bind_throw_BUFFER_SIZE()
    {
        using var socket = Dgram.CreateSocket("udp4");

        foreach (var call in new Action[] { () => socket.SetRecvBufferSize(8192), () => socket.SetSendBufferSize(8192), () => socket.GetRecvBufferSize(), () => socket.GetSendBufferSize() })
        {
            var error = Assert.Throws<DgramException>(call);
            Assert.Equal(DgramErrorCode.BufferSize, error.Code);
            Assert.StartsWith("Could not get or set buffer size: uv_", error.Message);
            Assert.EndsWith("_buffer_size returned EBADF (bad file descriptor)", error.Message);
        }
    }

    [Fact]
    public async Task Negative_buffer_size_throws_BAD_BUFFER_SIZE()
    {
        await using var socket = await BoundAsync();

        Assert.Equal(DgramErrorCode.BadBufferSize, Assert.Throws<DgramException>(() => socket.SetRecvBufferSize(-1)).Code);
        Assert.Equal(DgramErrorCode.BadBufferSize, Assert.Throws<DgramException>(() => socket.SetSendBufferSize(-1)).Code);
        Assert.Equal("Buffer size must be a positive integer", Assert.Throws<DgramException>(() => socket.SetSendBufferSize(int.MinValue)).Message);
    }

    [Fact]
    public async Task Buffer_sizes_set_are_read_back()
    {
        await using var socket = await BoundAsync();

        socket.SetRecvBufferSize(10000);
        socket.SetSendBufferSize(10000);

        int expected = OperatingSystem.IsLinux() ? 20000 : 10000;
        Assert.Equal(expected, socket.GetRecvBufferSize());
        Assert.Equal(expected, socket.GetSendBufferSize());
    }

    [Theory]
    [InlineData("udp4", "::1")]
    [InlineData("udp6", "127.0.0.1")]
    [InlineData("udp4", "not an address")]
    [InlineData("udp4", "")]
    [InlineData("udp6", "")]
    public async Task SetMulticastInterface_with_the_wrong_family_or_no_address_throws_EINVAL(string type, string multicastInterface)
    {
        await using var socket = await BoundAsync(type);

        var error = Assert.Throws<DgramException>(() => socket.SetMulticastInterface(multicastInterface));

        Assert.Equal((DgramErrorCode.InvalidArgument, "setMulticastInterface EINVAL"), (error.Code, error.Message));
    }

    [Theory]
    [InlineData("udp4", "127.0.0.1")]
    [InlineData("udp4", "0.0.0.0")]
    [InlineData("udp6", "::%1")]
    [InlineData("udp6", "::")]
    public async Task SetMulticastInterface_accepts_an_address_of_the_family(string type, string multicastInterface)
    {
        await using var socket = await BoundAsync(type);

        socket.SetMulticastInterface(multicastInterface);

        Assert.Equal(type == "udp4" ? "IPv4" : "IPv6", socket.Address().Family);
    }
}
