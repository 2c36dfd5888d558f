using System.Diagnostics;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Sockets;

namespace TypedDgram.Tests.Reliability;

/// <summary>
/// The interface of a multicast membership goes away (the namespace's veth pair is deleted, as when a VPN or container
/// link goes down): the socket raises nothing, keeps receiving on the interfaces that remain, and leaving the group
/// afterwards succeeds once (the socket keeps the membership's record) while joining again raises the OS's error. Needs root for the namespace.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class MulticastInterfaceLossTests(NetworkNamespace network) : IClassFixture<NetworkNamespace>
{
    [SkippableFact]
    public async Task Deleting_the_membership_interface_raises_nothing_and_the_socket_keeps_receiving()
    {
        Skip.If(network.Unavailable is not null, network.Unavailable);
        using var unobserved = new UnobservedExceptions();
        var group = MulticastGroups.NextIPv6("ff15");
        var errors = new List<Exception>();
        await using var member = network.Inside(() => Dgram.CreateSocket("udp6"));
        member.Error += errors.Add;
        var handlers = new FaultHandlers { Socket = member };
        using var attachment = member.Attach(handlers);
        await Wait.For(member.BindAsync(0, "::"));
        member.AddMembership(group, $"::%{network.ReceiverIndex}");
        await using (var sender = network.Inside(() => Dgram.CreateSocket("udp6")))
        {
            await Wait.For(sender.BindAsync(0, NetworkNamespace.SenderAddress));
            sender.SetMulticastInterface($"::%{network.SenderIndex}");
            await Wait.For(sender.SendAsync(new Work(1), member.Address().Port, group).AsTask());
            Assert.Equal(1, await FaultTests.ReadAsync(handlers.Worked));
        }

        // Deleting one end of a veth pair deletes both, with their addresses and memberships.
        Run("ip", $"-n {network.Name} link del va");

        await using var local = network.Inside(() => Dgram.CreateSocket("udp6"));
        await Wait.For(local.BindAsync(0, "::1"));
        await Wait.For(local.SendAsync(new Work(2), member.Address().Port, "::1").AsTask());
        Assert.Equal(2, await FaultTests.ReadAsync(handlers.Worked));

        // The socket still holds the membership record: leaving succeeds once, then the group is not joined; joining
        // again on the vanished interface is the OS's error.
        member.DropMembership(group, $"::%{network.ReceiverIndex}");
        var leftTwice = Assert.IsType<DgramException>(Record.Exception(() => member.DropMembership(group, $"::%{network.ReceiverIndex}")));
        Assert.Equal("EADDRNOTAVAIL", leftTwice.Code);
        // The code is "UNKNOWN" on Linux today: .NET has no SocketError for ENODEV.
        Assert.IsType<DgramException>(Record.Exception(() => member.AddMembership(group, $"::%{network.ReceiverIndex}")));
        await member.WhenEventsDelivered();
        Assert.Empty(errors);
        await unobserved.AssertNoneAsync();
    }

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {arguments}: {error}");
    }
}
