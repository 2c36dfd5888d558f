using System.Diagnostics;
using System.Globalization;
using TypedDgram.PubSub;

namespace TypedDgram.Benchmarks.PubSub;

/// <summary>
/// <c>bus-throughput pub|sub|ping|pong GROUP PORT SECONDS SIZE [options]</c>: one side of a bus measurement, in its own
/// process, on the group and port given, joined and published on 127.0.0.1 (the interface is pinned: nothing leaves the
/// machine). <c>pub</c> publishes <see cref="KeyedSample"/> with SIZE bytes of baggage for SECONDS; <c>sub</c> counts
/// what arrives until SECONDS after the first publication plus 1 s of silence; <c>ping</c> sends a sample, waits for the
/// <c>pong</c> side to publish it back, for SECONDS. Each prints one line of <c>key=value</c> pairs.
/// Options: <c>--async</c> publish with <c>await PublishAsync</c> instead of <c>Publish</c>; <c>--no-coalesce</c>;
/// <c>--rate N</c> publications per second at most (pub); <c>--interface ADDRESS</c> (default 127.0.0.1).
/// CPU per publication is the process's CPU time (user + system, every thread) over what it published or received.
/// </summary>
internal static class BusThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 5)
        {
            Console.Error.WriteLine("usage: TypedDgram.Benchmarks bus-throughput pub|sub|ping|pong GROUP PORT SECONDS SIZE [--async] [--no-coalesce] [--rate N] [--interface ADDRESS]");
            return 2;
        }

        var role = args[0];
        var seconds = double.Parse(args[3], CultureInfo.InvariantCulture);
        var size = int.Parse(args[4], CultureInfo.InvariantCulture);
        var rest = args[5..];
        var options = new MulticastOptions
        {
            Group = args[1],
            Port = int.Parse(args[2], CultureInfo.InvariantCulture),
            Interface = Value(rest, "--interface") ?? "127.0.0.1",
            Coalesce = !rest.Contains("--no-coalesce"),
            RecvBufferSize = 4 * 1024 * 1024,
        };
        var useAsync = rest.Contains("--async");
        var rate = Value(rest, "--rate") is { } r ? double.Parse(r, CultureInfo.InvariantCulture) : 0;
        await using var bus = await MulticastBus.JoinAsync(options);
        return role switch
        {
            "pub" => await PublishAsync(bus, seconds, size, useAsync, rate),
            "sub" => await SubscribeAsync(bus, seconds),
            "ping" => await PingAsync(bus, seconds, size, useAsync),
            "pong" => await PongAsync(bus, seconds),
            _ => 2,
        };
    }

    private static async Task<int> PublishAsync(MulticastBus bus, double seconds, int size, bool useAsync, double rate)
    {
        var baggage = new byte[size];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var end = (long)(seconds * Stopwatch.Frequency);
        var perTick = rate > 0 ? rate / Stopwatch.Frequency : 0;
        uint seq = 0;
        while (clock.ElapsedTicks < end)
        {
            // In bursts of 64 between clock reads; with a rate, no more than it allows so far.
            if (perTick > 0 && seq >= clock.ElapsedTicks * perTick)
            {
                Thread.SpinWait(20);
                continue;
            }

            for (var i = 0; i < 64; i++)
            {
                var sample = new KeyedSample(seq++, 0, baggage);
                if (useAsync)
                {
                    await bus.PublishAsync(sample);
                }
                else
                {
                    bus.Publish(sample);
                }
            }
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        await bus.DisposeAsync();
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"role=pub published={seq} seconds={elapsed:F2} published_per_s={seq / elapsed:F0} cpu_us_per_publication={used.TotalMicroseconds / seq:F3}"));
        return 0;
    }

    private static async Task<int> SubscribeAsync(MulticastBus bus, double seconds)
    {
        long received = 0;
        long firstTicks = 0, lastTicks = 0;
        var cpuAtFirst = TimeSpan.Zero;
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = bus.Subscribe<KeyedSample>((sample, _) =>
        {
            if (received++ == 0)
            {
                firstTicks = Stopwatch.GetTimestamp();
                cpuAtFirst = Process.GetCurrentProcess().TotalProcessorTime;
                first.TrySetResult();
            }

            lastTicks = Stopwatch.GetTimestamp();
        });
        await first.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(seconds));

        // Then until a second passes without a publication (the publisher has stopped).
        long seen;
        do
        {
            seen = Volatile.Read(ref received);
            await Task.Delay(1000);
        }
        while (Volatile.Read(ref received) != seen);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtFirst;
        var stats = bus.Stats;
        var elapsed = Stopwatch.GetElapsedTime(firstTicks, lastTicks).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"role=sub received={received} lost={stats.Lost} malformed={stats.Malformed} seconds={elapsed:F2} received_per_s={received / elapsed:F0} cpu_us_per_publication={cpu.TotalMicroseconds / received:F3}"));
        return 0;
    }

    private static async Task<int> PingAsync(MulticastBus bus, double seconds, int size, bool useAsync)
    {
        var baggage = new byte[size];
        using var pong = new SemaphoreSlim(0);
        uint expected = 0;
        using var subscription = bus.Subscribe<KeyedSample>((sample, _) =>
        {
            if (sample.Key == 2 && sample.Seq == Volatile.Read(ref expected))
            {
                pong.Release();
            }
        });
        var rtts = new List<double>();
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        for (uint seq = 0; clock.Elapsed < end; seq++)
        {
            Volatile.Write(ref expected, seq);
            var sent = Stopwatch.GetTimestamp();
            var ping = new KeyedSample(seq, 1, baggage);
            if (useAsync)
            {
                await bus.PublishAsync(ping);
            }
            else
            {
                bus.Publish(ping);
            }

            if (!pong.Wait(TimeSpan.FromSeconds(1)))
            {
                continue; // lost: not a round trip
            }

            // The first second warms up.
            if (clock.Elapsed > TimeSpan.FromSeconds(1))
            {
                rtts.Add(Stopwatch.GetElapsedTime(sent).TotalMicroseconds);
            }
        }

        rtts.Sort();
        double At(double q) => rtts.Count == 0 ? double.NaN : rtts[Math.Min(rtts.Count - 1, (int)(q * rtts.Count))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"role=ping round_trips={rtts.Count} rtt_us_p50={At(0.5):F1} rtt_us_p90={At(0.9):F1} rtt_us_p99={At(0.99):F1}"));
        return 0;
    }

    private static async Task<int> PongAsync(MulticastBus bus, double seconds)
    {
        long answered = 0;
        using var subscription = bus.Subscribe<KeyedSample>((sample, _) =>
        {
            if (sample.Key == 1)
            {
                // On the receive loop: Publish queues without an await (alone at once, as nothing else is being sent).
                bus.Publish(sample with { Key = 2 });
                answered++;
            }
        });
        await Task.Delay(TimeSpan.FromSeconds(seconds + 2));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"role=pong answered={answered}"));
        return 0;
    }

    private static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
