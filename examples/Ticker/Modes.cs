using System.Diagnostics;
using TypedDgram.Nats;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace Ticker;

/// <summary>The three ways the demo runs: all in one process, publisher only, subscriber only.</summary>
internal static class Modes
{
    private static readonly TimeSpan FirstTickPatience = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DrainPatience = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WaitingNotice = TimeSpan.FromSeconds(2);

    // The one place that knows which bus carries the ticks: everything else uses ITypedBus.
    private static async Task<ITypedBus> JoinAsync(TickerOptions options)
    {
        try
        {
            if (options.Nats is { } url)
            {
                return await NatsBus.ConnectAsync(new NatsBusOptions { Url = url, Bus = options.Bus });
            }

            return await MulticastBus.JoinAsync(new MulticastOptions
            {
                Group = options.Group,
                Port = options.Port,
                Interface = options.Interface,
                Ttl = options.Ttl,
            });
        }
        catch (DgramException error)
        {
            throw new TickerFailure(Diagnosis.JoinFailed(error, options));
        }
    }

    private static async Task PublishAsync(ITypedBus publisher, PriceTick tick, TickerOptions options)
    {
        try
        {
            await publisher.PublishAsync(tick, CancellationToken.None);
        }
        catch (DgramException error)
        {
            throw new TickerFailure(Diagnosis.PublishFailed(error, options));
        }
    }

    public static async Task<int> DemoAsync(TickerOptions options, CancellationToken stop)
    {
        await using var printer = await JoinAsync(options);
        // With --port 0 the first bus's port (the system's pick) is the one the others join.
        if (printer is MulticastBus multicast)
        {
            options = options with { Port = multicast.Port };
        }

        await using var counter = await JoinAsync(options);
        await using var publisher = await JoinAsync(options);

        var firstTick = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var printing = printer.Subscribe<PriceTick>((tick, from) =>
        {
            firstTick.TrySetResult();
            Console.WriteLine($"  {tick.Symbol,-8} {tick.Price,8:0.00}   from {from.Address}:{from.Port}");
        });
        var counted = 0;
        var counting = Task.Run(async () =>
        {
            await foreach (var _ in counter.SubscribeAsync<PriceTick>(CancellationToken.None))
            {
                Interlocked.Increment(ref counted);
            }
        }, CancellationToken.None);

        var feed = new PriceFeed();
        var published = 0;
        await PublishAsync(publisher, feed.Next(), options);
        published++;
        if (await Task.WhenAny(firstTick.Task, Task.Delay(FirstTickPatience, CancellationToken.None)) != firstTick.Task)
        {
            Console.Error.WriteLine(Diagnosis.NothingCameBack(options, FirstTickPatience));
            return 1;
        }

        published += await PublishUntilAsync(publisher, feed, options, stop, print: false);
        await DrainAsync(() => printer.Stats.Received >= published && counter.Stats.Received >= published);

        Console.WriteLine($"published {published} ticks as publisher {publisher.PublisherId:x16}");
        Console.WriteLine($"subscriber 1 (handler): {printer.Stats}");
        Console.WriteLine($"subscriber 2 (stream):  {counter.Stats}");
        await counter.DisposeAsync();
        await counting;
        Console.WriteLine($"subscriber 2's stream took {counted} ticks");
        return printer.Stats.Received == published && counted == published ? 0 : 1;
    }

    public static async Task<int> PublishAsync(TickerOptions options, CancellationToken stop)
    {
        await using var publisher = await JoinAsync(options);
        var published = await PublishUntilAsync(publisher, new PriceFeed(), options, stop, print: true);
        Console.WriteLine($"published {published} ticks as publisher {publisher.PublisherId:x16}");
        return 0;
    }

    public static async Task<int> SubscribeAsync(TickerOptions options, CancellationToken interrupted)
    {
        await using var subscriber = await JoinAsync(options);
        var firstTick = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(interrupted);
        listening.CancelAfter(TimeSpan.FromSeconds(options.Wait)); // until the first tick; then --seconds from it
        var receiving = Task.Run(async () =>
        {
            try
            {
                await foreach (var (tick, from) in subscriber.SubscribeAsync<PriceTick>(listening.Token))
                {
                    if (firstTick.TrySetResult())
                    {
                        listening.CancelAfter(TimeSpan.FromSeconds(options.Seconds));
                    }

                    Console.WriteLine($"  {tick.Symbol,-8} {tick.Price,8:0.00}   from {from.Address}:{from.Port}");
                }
            }
            catch (OperationCanceledException) when (listening.IsCancellationRequested)
            {
            }
        }, CancellationToken.None);

        // Bounded: receiving ends by --wait at the latest.
        var waiting = Stopwatch.StartNew();
        while (await Task.WhenAny(firstTick.Task, receiving, Task.Delay(WaitingNotice, CancellationToken.None)) is var done
               && done != firstTick.Task && done != receiving)
        {
            Console.WriteLine($"no publisher yet, still waiting ({waiting.Elapsed.TotalSeconds:0} s of {options.Wait:0}): start one with the same {(options.Nats is null ? "--group and --port" : "--nats and --bus")}");
        }

        await receiving;
        var stats = subscriber.Stats;
        Console.WriteLine($"subscriber: {stats}");
        foreach (var publisher in stats.Publishers)
        {
            Console.WriteLine($"  {publisher}");
        }

        if (stats.Received == 0)
        {
            Console.Error.WriteLine(Diagnosis.NothingArrived(options, waiting.Elapsed));
            return 1;
        }

        return 0;
    }

    // Paced by the clock: each step publishes what the rate allows so far, so the pace holds whatever the delays.
    private static async Task<int> PublishUntilAsync(ITypedBus publisher, PriceFeed feed, TickerOptions options, CancellationToken stop, bool print)
    {
        var rate = options.Rate;
        var clock = Stopwatch.StartNew();
        var published = 0;
        while (!stop.IsCancellationRequested)
        {
            while (published < (int)(clock.Elapsed.TotalSeconds * rate) + 1)
            {
                var tick = feed.Next();
                await PublishAsync(publisher, tick, options);
                published++;
                if (print)
                {
                    Console.WriteLine($"  published {tick.Symbol,-8} {tick.Price,8:0.00}");
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, 1000 / rate)), stop);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return published;
    }

    private static async Task DrainAsync(Func<bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (!done() && clock.Elapsed < DrainPatience)
        {
            await Task.Delay(20, CancellationToken.None);
        }
    }
}
