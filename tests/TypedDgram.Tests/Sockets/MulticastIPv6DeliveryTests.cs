using TypedDgram.Sockets;

namespace TypedDgram.Tests.Sockets;

/// <summary>
/// IPv6 multicast needs a multicast-capable link (loopback has no multicast route, and source-specific membership
/// fails there with ENETUNREACH), so these run in a network namespace of their own with a veth pair: senders on
/// <c>va</c>, members on <c>vb</c>. Without root they are skipped, saying why.
/// </summary>
public sealed class MulticastIPv6DeliveryTests(NetworkNamespace network) : IClassFixture<NetworkNamespace>
{
    [SkippableTheory]
    [InlineData("ff02")]
    [InlineData("ff15")]
    public async Task A_datagram_to_the_group_reaches_every_member_sharing_the_port(string prefix)
    {
        Skip.If(network.Unavailable is not null, network.Unavailable);
        string group = MulticastGroups.NextIPv6(prefix);
        await using var first = await MemberAsync(group, port: 0);
        await using var second = await MemberAsync(group, first.Port);
        await using var sender = await SenderAsync(NetworkNamespace.SenderAddress);

        await sender.SendAsync("to the v6 group", first.Port, group);

        var (msg, rinfo) = await first.NextAsync();
        Assert.Equal("to the v6 group"u8.ToArray(), msg);
        Assert.Equal("IPv6", rinfo.Family);
        Assert.Equal("to the v6 group"u8.ToArray(), (await second.NextAsync()).Msg);
    }

    [SkippableFact]
    public async Task DropMembership_stops_delivery()
    {
        Skip.If(network.Unavailable is not null, network.Unavailable);
        string group = MulticastGroups.NextIPv6("ff15");
        await using var member = await MemberAsync(group, port: 0);
        await using var sender = await SenderAsync(NetworkNamespace.SenderAddress);
        await sender.SendAsync("while a member", member.Port, group);
        Assert.Equal("while a member"u8.ToArray(), (await member.NextAsync()).Msg);

        member.Socket.DropMembership(group, $"::%{network.ReceiverIndex}");
        await sender.SendAsync("after the drop", member.Port, group);
        // veth delivers inside the send, like loopback: a member would hold the group datagram before this marker.
        await sender.SendAsync("marker", member.Port, NetworkNamespace.ReceiverAddress);

        Assert.Equal("marker"u8.ToArray(), (await member.NextAsync()).Msg);
    }

    [SkippableFact]
    public async Task Source_specific_membership_receives_only_from_its_source()
    {
        Skip.If(network.Unavailable is not null, network.Unavailable);
        string group = MulticastGroups.NextIPv6("ff35");
        await using var member = await MemberAsync(group, port: 0, source: NetworkNamespace.SenderAddress);
        await using var source = await SenderAsync(NetworkNamespace.SenderAddress);
        await using var other = await SenderAsync(NetworkNamespace.OtherSenderAddress);

        await other.SendAsync("from another source", member.Port, group);
        await source.SendAsync("from the source", member.Port, group);

        var (msg, rinfo) = await member.NextAsync();
        Assert.Equal("from the source"u8.ToArray(), msg);
        Assert.Equal(NetworkNamespace.SenderAddress, rinfo.Address);
    }

    private async Task<Receiver> MemberAsync(string group, int port, string? source = null)
    {
        var socket = network.Inside(() => Dgram.CreateSocket(new SocketOptions { Type = "udp6", ReuseAddr = true }));
        var member = Receiver.Wrap(socket);
        await Wait.For(socket.BindAsync(port, "::"));
        if (source is null)
        {
            socket.AddMembership(group, $"::%{network.ReceiverIndex}");
        }
        else
        {
            socket.AddSourceSpecificMembership(source, group, $"::%{network.ReceiverIndex}");
        }
        return member;
    }

    private async Task<DgramSocket> SenderAsync(string address)
    {
        var sender = network.Inside(() => Dgram.CreateSocket("udp6"));
        await Wait.For(sender.BindAsync(0, address));
        sender.SetMulticastInterface($"::%{network.SenderIndex}");
        sender.SetMulticastTTL(1);
        return sender;
    }
}
