using System.Net;
using System.Net.Sockets;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

public class KernelDropCounterTests
{
    // A row of /proc/net/udp as Linux 6.x prints it: the inode is field 9, the drop count field 12.
    private const string Row = "  123: 0100007F:A1B2 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4242 2 0000000000000000 17";

    [Fact]
    public void The_drop_count_is_read_from_the_row_of_the_sockets_inode()
    {
        Assert.True(KernelDropCounter.TryReadDrops(Row, "4242", out long drops));
        Assert.Equal(17, drops);
    }

    [Fact]
    public void A_row_of_another_socket_is_not_read()
    {
        Assert.False(KernelDropCounter.TryReadDrops(Row, "4243", out _));
        Assert.False(KernelDropCounter.TryReadDrops("  sl  local_address rem_address", "4242", out _));
    }

    [Fact]
    public void An_unbound_socket_has_no_count()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Assert.Null(KernelDropCounter.Read(socket));
    }

    [SkippableFact]
    public void A_fresh_bound_socket_on_Linux_has_dropped_nothing()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "the kernel reports drops per socket only on Linux");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Assert.Equal(0, KernelDropCounter.Read(socket));
    }
}
