using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using TypedDgram.PubSub;

namespace TypedDgram.Benchmarks.PubSub;

/// <summary>
/// <c>bus-peer pub|sub|ping|pong ...</c> (<see cref="BusPeerOptions"/>): one process of a bus row of the Cyclone DDS
/// comparison, started and pinned by <see cref="PubSubVsDds"/>. It prints <c>ready port=P</c> once it has joined, then
/// its once-a-second report (<see cref="BusPeerOutput"/>), and exits after <c>--seconds</c>.
/// </summary>
public static class BusPeer
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        try
        {
            var options = BusPeerOptions.Parse(args);
            StopSignal.Listen();
            await using var bus = await MulticastBus.JoinAsync(new MulticastOptions
            {
                Group = options.Group,
                Port = options.Port,
                Interface = options.Interface,
                // Cyclone's default receive buffer (Sizing/ReceiveBufferSize) is 1 MiB: the same for the bus.
                RecvBufferSize = 1 << 20,
                Reliability = options.Reliable ? ReliabilityMode.Reliable : ReliabilityMode.BestEffort,
                // A reliable subscriber asks for the history when it first hears the publisher, so that a first
                // publication lost on the way is repaired too and "delivered of published" covers the whole run.
                LateJoin = options.Reliable,
            });
            return options.Role switch
            {
                "pub" => await PublishAsync(bus, options),
                "sub" => Subscribe(bus, options),
                "ping" => await BusPingPong.PingAsync(bus, options),
                _ => BusPingPong.Pong(bus, options),
            };
        }
        catch (Exception error)
        {
            Console.WriteLine($"error {error.GetType().Name}: {error.Message}".ReplaceLineEndings(" "));
            return 2;
        }
    }

    /// <summary>Unix time in seconds, as ddsperf's <c>-R 0</c> timestamps.</summary>
    public static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>A baggage of <paramref name="size"/> bytes of 0xEE, as ddsperf fills its own.</summary>
    public static byte[] Baggage(int size) => Enumerable.Repeat((byte)0xEE, size).ToArray();

    // Longer than one heartbeat period and the NAK round that follows it.
    private static readonly TimeSpan ReliableLinger = TimeSpan.FromSeconds(1.6);

    // The one place the throughput publisher publishes (issue 14 measures the call it makes).
    private static ValueTask PublishOne(MulticastBus bus, KeyedSample sample, PublishMode mode)
    {
        if (mode == PublishMode.Async)
        {
            return bus.PublishAsync(sample);
        }

        // Publish enqueues and returns (it blocks only when MaxQueuedBytes are queued): what queues while a send is in
        // flight goes out coalesced into batch frames.
        bus.Publish(sample);
        return ValueTask.CompletedTask;
    }

    private static async Task<int> PublishAsync(MulticastBus bus, BusPeerOptions options)
    {
        var baggage = Baggage(options.Size);
        Console.WriteLine($"ready port={bus.Port}");
        var clock = Stopwatch.StartNew();
        var nextReport = 1.0;
        long sent = 0;
        Console.WriteLine(BusPeerOutput.Publisher(Now(), 0));
        while (clock.Elapsed.TotalSeconds < options.Seconds && !StopSignal.Token.IsCancellationRequested)
        {
            // Bounded in count between two looks at the clock, and in time by --seconds (or a stop).
            for (var i = 0; i < 64; i++)
            {
                await PublishOne(bus, new KeyedSample((uint)sent, 0, baggage), options.Publish);
                sent++;
            }

            var elapsed = clock.Elapsed.TotalSeconds;
            while (options.Rate is { } rate && sent > rate * elapsed && elapsed < options.Seconds)
            {
                await Task.Delay(1);
                elapsed = clock.Elapsed.TotalSeconds;
            }

            if (elapsed >= nextReport)
            {
                Console.WriteLine(BusPeerOutput.Publisher(Now(), sent) + Pacing(bus));
                nextReport = Math.Floor(elapsed) + 1;
            }
        }

        Console.WriteLine(BusPeerOutput.Publisher(Now(), sent));
        if (options.Reliable)
        {
            // The bus stays a while to answer NAKs for the last publications: a lost tail is revealed by the heartbeat
            // it sends after a period of silence (1 s by default), then NAKed and repaired.
            await Task.Delay(ReliableLinger);
        }

        // On 127.0.0.1 the publisher's own bus receives everything it publishes (docs/benchmarks.md says what that costs).
        var stats = bus.Stats;
        Console.WriteLine($"pub done sent={sent} received-back={stats.Unhandled} naks-received={stats.NaksReceived} retransmissions={stats.Retransmissions}{Pacing(bus)}");
        return 0;
    }

    // Reliable mode: the flow control's limit (datagrams/s, inf when it does not bind) and how often it slowed down.
    private static string Pacing(MulticastBus bus) =>
        bus.Pacer is { } pacer ? System.FormattableString.Invariant($" pace={pacer.Rate:F0} slowdowns={pacer.Slowdowns}") : "";

    private static int Subscribe(MulticastBus bus, BusPeerOptions options)
    {
        // The bus itself counts what arrives and what is missing per publisher (BusStats); the handler has nothing to do.
        using var subscription = bus.Subscribe<KeyedSample>(static (_, _) => { });
        Console.WriteLine($"ready port={bus.Port}");
        var clock = Stopwatch.StartNew();
        Console.WriteLine(BusPeerOutput.Subscriber(Now(), BusStats.Empty));
        for (var second = 1; second <= Math.Ceiling(options.Seconds); second++)
        {
            var stopped = StopSignal.Wait(TimeSpan.FromSeconds(Math.Min(second, options.Seconds)) - clock.Elapsed);
            Console.WriteLine(BusPeerOutput.Subscriber(Now(), bus.Stats));
            if (stopped)
            {
                break;
            }
        }

        return 0;
    }
}
