using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub;

public class MulticastBusLifetimeTests
{
    [Fact]
    public async Task Dispose_ends_SubscribeAsync_streams()
    {
        var bus = await Loopback.JoinAsync();
        var stream = bus.SubscribeAsync<Tick>();
        var consumed = Task.Run(async () =>
        {
            var count = 0;
            await foreach (var _ in stream)
            {
                count++;
            }

            return count;
        });

        await bus.DisposeAsync();

        Assert.Equal(0, await consumed.Within());
    }

    [Fact]
    public async Task Cancelling_a_SubscribeAsync_stream_ends_it_with_OperationCanceledException()
    {
        await using var bus = await Loopback.JoinAsync();
        using var cancel = new CancellationTokenSource();
        var stream = bus.SubscribeAsync<Tick>(cancel.Token);
        var consumed = Task.Run(async () =>
        {
            await foreach (var _ in stream)
            {
            }
        });

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consumed.Within());
    }

    [Fact]
    public async Task Stream_with_an_already_cancelled_token_takes_nothing_and_counts_unhandled()
    {
        await using var bus = await Loopback.JoinAsync();
        var stream = bus.SubscribeAsync<Tick>(new CancellationToken(canceled: true));
        var markers = new Inbox<Trade>();
        using var subscription = bus.Subscribe<Trade>(markers.Add);

        await bus.PublishAsync(new Tick("ACME", 1));
        await bus.PublishAsync(new Trade(1));

        await markers.WhenCount(1);
        Assert.Equal(1, bus.Stats.Unhandled);
        GC.KeepAlive(stream);
    }

    [Fact]
    public async Task SubscribeAsync_stream_can_be_enumerated_once()
    {
        await using var bus = await Loopback.JoinAsync();
        using var cancel = new CancellationTokenSource();
        var stream = bus.SubscribeAsync<Tick>(cancel.Token);
        await using var first = stream.GetAsyncEnumerator();

        Assert.Throws<InvalidOperationException>(() => stream.GetAsyncEnumerator());
    }

    [Fact]
    public async Task Slow_stream_consumer_loses_the_newest_beyond_its_capacity_counted_dropped()
    {
        await using var bus = await MulticastBus.JoinAsync(new MulticastOptions
        {
            Group = Loopback.NewGroup(),
            Interface = Loopback.Interface,
            StreamCapacity = 4,
        });
        using var cancel = new CancellationTokenSource(Loopback.Timeout);
        var stream = bus.SubscribeAsync<Trade>(cancel.Token);
        var witness = new Inbox<Trade>();
        using var subscription = bus.Subscribe<Trade>(witness.Add);

        for (var i = 0; i < 10; i++)
        {
            await bus.PublishAsync(new Trade(i));
        }

        await witness.WhenCount(10);
        var taken = new List<int>();
        await foreach (var (trade, _) in stream)
        {
            taken.Add(trade.Count);
            if (taken.Count == 4)
            {
                break;
            }
        }

        Assert.Equal([0, 1, 2, 3], taken);
        Assert.Equal(6, bus.Stats.Dropped);
    }

    [Fact]
    public async Task Subscribing_two_contracts_with_one_type_id_on_a_bus_is_refused()
    {
        await using var bus = await Loopback.JoinAsync();
        using var subscription = bus.Subscribe<Tick>((_, _) => { });

        var error = Assert.Throws<InvalidOperationException>(() => bus.Subscribe<TickImpostor>((_, _) => { }));

        Assert.Contains("already delivers", error.Message);
    }

    [Fact]
    public async Task Subscribe_after_dispose_throws_ObjectDisposedException()
    {
        var bus = await Loopback.JoinAsync();
        await bus.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => bus.Subscribe<Tick>((_, _) => { }));
    }

    [Fact]
    public async Task Dispose_twice_does_nothing_the_second_time()
    {
        var bus = await Loopback.JoinAsync();
        await bus.DisposeAsync();

        Assert.True(bus.DisposeAsync().IsCompletedSuccessfully);
    }
}
