using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub;

public class MulticastBusDeliveryTests
{
    [Fact]
    public async Task Published_contract_is_delivered_typed_to_a_subscriber_with_its_sender()
    {
        await using var bus = await Loopback.JoinAsync();
        var inbox = new Inbox<Tick>();
        using var subscription = bus.Subscribe<Tick>(inbox.Add);

        await bus.PublishAsync(new Tick("ACME", 10125));

        await inbox.WhenCount(1);
        Assert.Equal([new Tick("ACME", 10125)], inbox.Messages);
        Assert.Equal(("127.0.0.1", "IPv4"), (inbox.Senders[0].Address, inbox.Senders[0].Family));
    }

    [Fact]
    public async Task SubscribeAsync_streams_publications_in_order()
    {
        await using var bus = await Loopback.JoinAsync();
        using var cancel = new CancellationTokenSource(Loopback.Timeout);
        var stream = bus.SubscribeAsync<Tick>(cancel.Token);

        for (var i = 0; i < 3; i++)
        {
            await bus.PublishAsync(new Tick("ACME", i));
        }

        var received = new List<Tick>();
        await foreach (var (tick, from) in stream)
        {
            received.Add(tick);
            Assert.Equal("127.0.0.1", from.Address);
            if (received.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([0L, 1L, 2L], received.Select(t => t.Cents));
    }

    [Fact]
    public async Task Two_buses_on_one_port_each_receive_every_publication()
    {
        await using var first = await Loopback.JoinAsync();
        await using var second = await Loopback.JoinSameAsync(first);
        var firstInbox = new Inbox<Tick>();
        var secondInbox = new Inbox<Tick>();
        using var a = first.Subscribe<Tick>(firstInbox.Add);
        using var b = second.Subscribe<Tick>(secondInbox.Add);

        for (var i = 0; i < 10; i++)
        {
            await first.PublishAsync(new Tick("ACME", i));
        }

        await firstInbox.WhenCount(10);
        await secondInbox.WhenCount(10);
        Assert.Equal(firstInbox.Messages, secondInbox.Messages);
        Assert.Equal(first.Port, second.Port);
    }

    [Fact]
    public async Task Subscriber_of_a_type_receives_only_that_type()
    {
        await using var bus = await Loopback.JoinAsync();
        var ticks = new Inbox<Tick>();
        var trades = new Inbox<Trade>();
        using var a = bus.Subscribe<Tick>(ticks.Add);
        using var b = bus.Subscribe<Trade>(trades.Add);

        await bus.PublishAsync(new Trade(1));
        await bus.PublishAsync(new Tick("ACME", 5));
        await bus.PublishAsync(new Trade(2));

        await trades.WhenCount(2);
        await ticks.WhenCount(1);
        Assert.Equal([new Trade(1), new Trade(2)], trades.Messages);
        Assert.Equal([new Tick("ACME", 5)], ticks.Messages);
    }

    [Fact]
    public async Task Every_subscription_of_a_type_gets_each_publication()
    {
        await using var bus = await Loopback.JoinAsync();
        var first = new Inbox<Tick>();
        var second = new Inbox<Tick>();
        using var a = bus.Subscribe<Tick>(first.Add);
        using var b = bus.Subscribe<Tick>(second.Add);

        await bus.PublishAsync(new Tick("ACME", 1));

        await first.WhenCount(1);
        await second.WhenCount(1);
    }

    [Fact]
    public async Task Disposed_subscription_gets_nothing_published_after_it()
    {
        await using var bus = await Loopback.JoinAsync();
        var disposed = new Inbox<Tick>();
        var witness = new Inbox<Tick>();
        var subscription = bus.Subscribe<Tick>(disposed.Add);
        using var kept = bus.Subscribe<Tick>(witness.Add);

        subscription.Dispose();
        for (var i = 0; i < 5; i++)
        {
            await bus.PublishAsync(new Tick("ACME", i));
        }

        await witness.WhenCount(5);
        Assert.Empty(disposed.Messages);
    }

    [Fact]
    public async Task Subscription_disposed_inside_its_handler_is_not_called_again()
    {
        await using var bus = await Loopback.JoinAsync();
        var calls = 0;
        var witness = new Inbox<Tick>();
        IDisposable? subscription = null;
        subscription = bus.Subscribe<Tick>((_, _) =>
        {
            calls++;
            subscription!.Dispose();
        });
        using var kept = bus.Subscribe<Tick>(witness.Add);

        for (var i = 0; i < 3; i++)
        {
            await bus.PublishAsync(new Tick("ACME", i));
        }

        await witness.WhenCount(3);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Dispose_waits_for_a_running_handler_so_none_runs_after_it_returns()
    {
        await using var bus = await Loopback.JoinAsync();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var running = 0;
        var subscription = bus.Subscribe<Tick>((_, _) =>
        {
            Interlocked.Increment(ref running);
            entered.Set();
            release.Wait(Loopback.Timeout);
            Interlocked.Decrement(ref running);
        });

        await bus.PublishAsync(new Tick("ACME", 1));
        Assert.True(entered.Wait(Loopback.Timeout));
        var disposing = Task.Run(subscription.Dispose);
        release.Set();
        await disposing.Within();

        Assert.Equal(0, Volatile.Read(ref running));
    }

    [Fact]
    public async Task Handler_exception_goes_to_Error_and_delivery_goes_on()
    {
        await using var bus = await Loopback.JoinAsync();
        var error = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        bus.Error += e => error.TrySetResult(e);
        var inbox = new Inbox<Tick>();
        using var a = bus.Subscribe<Tick>((tick, _) =>
        {
            if (tick.Cents == 0)
            {
                throw new InvalidOperationException("handler failed");
            }
        });
        using var b = bus.Subscribe<Tick>(inbox.Add);

        await bus.PublishAsync(new Tick("ACME", 0));
        await bus.PublishAsync(new Tick("ACME", 1));

        Assert.Equal("handler failed", (await error.Task.Within()).Message);
        await inbox.WhenCount(2);
    }

    [Fact]
    public async Task Stats_count_each_publishing_bus_as_its_own_publisher()
    {
        await using var first = await Loopback.JoinAsync();
        await using var second = await Loopback.JoinSameAsync(first);
        var inbox = new Inbox<Tick>();
        using var subscription = first.Subscribe<Tick>(inbox.Add);

        await first.PublishAsync(new Tick("A", 1));
        await second.PublishAsync(new Tick("B", 1));
        await second.PublishAsync(new Tick("B", 2));
        await inbox.WhenCount(3);

        var stats = first.Stats;
        Assert.Equal((3L, 0L), (stats.Received, stats.Lost));
        Assert.Equal(
            [(first.PublisherId, 1L), (second.PublisherId, 2L)],
            stats.Publishers.Select(p => (p.PublisherId, p.Received)).OrderBy(p => p.Item2));
    }
}
