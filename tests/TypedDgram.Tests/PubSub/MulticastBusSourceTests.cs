using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub;

/// <summary>Source-specific multicast on loopback (IPv4; IPv6 SSM needs the namespace tests: Linux refuses it on lo).</summary>
public class MulticastBusSourceTests
{
    [Fact]
    public async Task Source_specific_bus_receives_only_its_source()
    {
        await using var bus = await MulticastBus.JoinAsync(new MulticastOptions
        {
            Group = Loopback.NewGroup(),
            Interface = Loopback.Interface,
            Source = "127.0.0.1",
        });
        var inbox = new Inbox<Tick>();
        using var subscription = bus.Subscribe<Tick>(inbox.Add);
        await using var other = await Loopback.RawSenderAsync(from: "127.0.0.2");
        await using var source = await Loopback.RawSenderAsync(from: "127.0.0.1");

        await other.SendAsync(Loopback.Publication(2, 0, new Tick("other", 1)), bus.Port, bus.Group);
        await source.SendAsync(Loopback.Publication(1, 0, new Tick("source", 1)), bus.Port, bus.Group);

        await inbox.WhenCount(1);
        Assert.Equal(["source"], inbox.Messages.Select(t => t.Symbol));
        Assert.Equal(0, bus.Stats.Malformed);
        Assert.Equal(1, bus.Stats.Received);
    }

    [Fact]
    public async Task Source_specific_bus_receives_a_bus_publishing_from_that_source()
    {
        var group = Loopback.NewGroup();
        await using var subscriber = await MulticastBus.JoinAsync(new MulticastOptions { Group = group, Interface = Loopback.Interface, Source = "127.0.0.1" });
        await using var publisher = await MulticastBus.JoinAsync(Loopback.Options(group, subscriber.Port));
        var inbox = new Inbox<Tick>();
        using var subscription = subscriber.Subscribe<Tick>(inbox.Add);

        await publisher.PublishAsync(new Tick("ACME", 1));

        await inbox.WhenCount(1);
    }
}
