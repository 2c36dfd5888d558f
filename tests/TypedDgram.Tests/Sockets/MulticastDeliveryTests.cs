using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

/// <summary>
/// IPv4 multicast on loopback with the interface pinned at both ends (receivers join on 127.0.0.1, senders set
/// IP_MULTICAST_IF to 127.0.0.1): nothing leaves the machine.
/// </summary>
public class MulticastDeliveryTests
{
    [Fact]
    public async Task A_datagram_to_the_group_reaches_every_member_sharing_the_port()
    {
        string group = MulticastGroups.NextIPv4();
        await using var first = await MemberAsync(group, port: 0);
        await using var second = await MemberAsync(group, first.Port);
        await using var sender = await SenderAsync();

        await sender.SendAsync("to the group", first.Port, group);

        Assert.Equal(("to the group", "127.0.0.1"), Text(await first.NextAsync()));
        Assert.Equal(("to the group", "127.0.0.1"), Text(await second.NextAsync()));
    }

    [Fact]
    public async Task DropMembership_stops_delivery()
    {
        string group = MulticastGroups.NextIPv4();
        await using var member = await MemberAsync(group, port: 0);
        await using var sender = await SenderAsync();
        await sender.SendAsync("while a member", member.Port, group);
        Assert.Equal("while a member", Text(await member.NextAsync()).Text);

        member.Socket.DropMembership(group, "127.0.0.1");
        await sender.SendAsync("after the drop", member.Port, group);
        // Loopback delivers inside the send: a member would hold the group datagram before this unicast marker.
        await sender.SendAsync("marker", member.Port, "127.0.0.1");

        Assert.Equal("marker", Text(await member.NextAsync()).Text);
    }

    [Fact]
    public async Task Source_specific_membership_receives_only_from_its_source()
    {
        string group = MulticastGroups.NextIPv4();
        await using var member = await Receiver.StartAsync(options: new SocketOptions { Type = "udp4" }, address: "0.0.0.0");
        member.Socket.AddSourceSpecificMembership("127.0.0.1", group, "127.0.0.1");
        await using var source = await SenderAsync("127.0.0.1");
        await using var other = await SenderAsync("127.0.0.2");

        await other.SendAsync("from another source", member.Port, group);
        await source.SendAsync("from the source", member.Port, group);

        Assert.Equal(("from the source", "127.0.0.1"), Text(await member.NextAsync()));
    }

    [Fact]
    public async Task DropSourceSpecificMembership_leaves_the_channel()
    {
        string group = MulticastGroups.NextIPv4();
        await using var member = await Receiver.StartAsync(address: "0.0.0.0");
        member.Socket.AddSourceSpecificMembership("127.0.0.1", group, "127.0.0.1");

        member.Socket.DropSourceSpecificMembership("127.0.0.1", group, "127.0.0.1");

        var error = Assert.Throws<DgramException>(() => member.Socket.DropSourceSpecificMembership("127.0.0.1", group, "127.0.0.1"));
        Assert.Equal("dropSourceSpecificMembership", error.Syscall);
    }

    internal static (string Text, string From) Text((byte[] Msg, RemoteInfo Rinfo) received) =>
        (System.Text.Encoding.UTF8.GetString(received.Msg), received.Rinfo.Address);

    private static async Task<Receiver> MemberAsync(string group, int port)
    {
        var member = await Receiver.StartAsync(options: new SocketOptions { Type = "udp4", ReuseAddr = true }, address: "0.0.0.0", port: port);
        member.Socket.AddMembership(group, "127.0.0.1");
        return member;
    }

    private static async Task<DgramSocket> SenderAsync(string address = "127.0.0.1")
    {
        var sender = Dgram.CreateSocket("udp4");
        await Wait.For(sender.BindAsync(0, address));
        sender.SetMulticastInterface("127.0.0.1");
        sender.SetMulticastLoopback(true);
        sender.SetMulticastTTL(1);
        return sender;
    }
}
