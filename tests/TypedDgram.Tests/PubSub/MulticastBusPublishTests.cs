using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub;

public class MulticastBusPublishTests
{
    [Fact]
    public async Task Publication_of_exactly_MaxDatagramSize_is_sent()
    {
        await using var bus = await Loopback.JoinAsync();
        var inbox = new Inbox<Blob>();
        using var subscription = bus.Subscribe<Blob>(inbox.Add);

        // 18-byte header + [id (5), bin 16 header (3) + payload] = 1472.
        await bus.PublishAsync(new Blob(new byte[1472 - 18 - 5 - 1 - 3]));

        await inbox.WhenCount(1);
        Assert.Equal(1472, inbox.Senders[0].Size);
    }

    [Fact]
    public async Task Refused_publication_uses_no_sequence_number()
    {
        // MaxPublicationSize at its least, MaxDatagramSize: nothing is fragmented, a larger publication is refused.
        await using var bus = await MulticastBus.JoinAsync(new MulticastOptions { Group = Loopback.NewGroup(), Interface = Loopback.Interface, MaxPublicationSize = 1472 });
        var inbox = new Inbox<Blob>();
        using var subscription = bus.Subscribe<Blob>(inbox.Add);

        await bus.PublishAsync(new Blob([1]));
        await Assert.ThrowsAsync<DgramException>(async () => await bus.PublishAsync(new Blob(new byte[2000])));
        await bus.PublishAsync(new Blob([2]));

        await inbox.WhenCount(2);
        var publisher = Assert.Single(bus.Stats.Publishers);
        Assert.Equal((1UL, 0L), (publisher.HighestSequence, publisher.Lost));
    }

    [Fact]
    public async Task MaxDatagramSize_can_be_raised_for_links_that_carry_more()
    {
        await using var bus = await MulticastBus.JoinAsync(new MulticastOptions
        {
            Group = Loopback.NewGroup(),
            Interface = Loopback.Interface,
            MaxDatagramSize = 9000,
        });
        var inbox = new Inbox<Blob>();
        using var subscription = bus.Subscribe<Blob>(inbox.Add);

        await bus.PublishAsync(new Blob(new byte[8000]));

        await inbox.WhenCount(1);
        Assert.Equal(8000, inbox.Messages[0].Payload.Length);
    }

    [Fact]
    public async Task Publish_after_dispose_throws_ObjectDisposedException()
    {
        var bus = await Loopback.JoinAsync();
        await bus.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await bus.PublishAsync(new Trade(1)));
    }

    [Fact]
    public async Task Concurrent_publishers_on_one_bus_send_numbers_in_order_with_nothing_lost()
    {
        await using var bus = await Loopback.JoinAsync();
        var inbox = new Inbox<Trade>();
        using var subscription = bus.Subscribe<Trade>(inbox.Add);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await bus.PublishAsync(new Trade(t * 100 + i));
            }
        })));

        await inbox.WhenCount(200);
        var stats = bus.Stats;
        Assert.Equal((200L, 0L, 0L, 0L), (stats.Received, stats.Lost, stats.Reordered, stats.Duplicated));
    }
}
