using System.CommandLine;
using System.Diagnostics;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Cli;

/// <summary>
/// <c>tdg stats --group &lt;g&gt; --port &lt;p&gt; --interface &lt;addr&gt;</c>: joins a pub/sub group with a
/// <see cref="MulticastBus"/> and prints its delivery counts as JSON lines, every <c>--interval</c> and at the end.
/// </summary>
internal static class StatsCommand
{
    private const double MaxInterval = 86_400;

    public static Command Create()
    {
        var group = new Option<string>("--group") { Description = "The pub/sub group to join: an IPv4 (224.0.0.0/4, e.g. 239.255.42.99) or IPv6 (ff00::/8) multicast address.", Required = true };
        var port = new Option<int>("--port") { Description = "The group's port; 0 lets the OS choose (printed on stderr).", Required = true };
        var @interface = new Option<string>("--interface") { Description = "The local interface address to join on, e.g. 192.168.1.10 (127.0.0.1 stays on this host; IPv6: ::%eth0).", Required = true };
        var source = new Option<string?>("--source") { Description = "Source-specific multicast: count only publications sent from this address (group in 232.0.0.0/8 or ff3x::/32)." };
        var interval = new Option<double>("--interval") { Description = "Seconds between reports.", DefaultValueFactory = _ => 1 };
        var count = new Option<int?>("--count") { Description = "Stop once this many publications have been received." };
        var timeout = new Option<double?>("--timeout") { Description = "Stop after this many seconds." };
        var reliable = new Option<bool>("--reliable") { Description = "Join in reliable mode (the group's buses use MulticastOptions.Reliability = Reliable): NAK what is missed, count recovered and unrecoverable." };

        var command = new Command("stats", "Join a pub/sub group and print what arrived, per publisher and in total, as one JSON line every --interval and a last one with \"final\":true: received, lost, duplicated, reordered, stale, malformed, unhandled (tdg subscribes to no contract, so every publication it reads), dropped, rejected, tailLost (numbers heartbeats revealed missing), heartbeats, publishersJoined, publishersLost, and per publisher whether it is alive; with --reliable also recovered, unrecoverable, naksSent, naksSuppressed.")
        {
            group, port, @interface, source, interval, count, timeout, reliable,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            new Settings(result.GetValue(group)!, result.GetValue(port), result.GetValue(@interface)!, result.GetValue(source), result.GetValue(interval), result.GetValue(count), result.GetValue(timeout), result.GetValue(reliable)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(Settings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (settings.Count is <= 0 || settings.Timeout is <= 0)
        {
            await error.WriteLineAsync("tdg stats: --count and --timeout must be positive");
            return 1;
        }

        if (settings.Interval is not (> 0 and <= MaxInterval))
        {
            await error.WriteLineAsync($"tdg stats: --interval must be more than 0 and at most {MaxInterval} seconds");
            return 1;
        }

        MulticastBus bus;
        try
        {
            bus = await MulticastBus.JoinAsync(
                new MulticastOptions
                {
                    Group = settings.Group,
                    Port = settings.Port,
                    Interface = settings.Interface,
                    Source = settings.Source,
                    Reliability = settings.Reliable ? ReliabilityMode.Reliable : ReliabilityMode.BestEffort,
                },
                cancellationToken);
        }
        catch (DgramException failure)
        {
            await error.WriteLineAsync($"tdg stats: {failure.Code}: {failure.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 130;
        }

        await using var joined = bus;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long offered = 0;
        long malformedShown = 0;

        // tdg subscribes to nothing, so every publication it reads is raised as unhandled or malformed: the cue to see
        // whether --count is reached. Those events also come for datagrams that are not publications, so the count
        // itself is read from the stats.
        void Offered()
        {
            if (settings.Count is { } limit && Interlocked.Increment(ref offered) >= limit && bus.Stats.Received >= limit)
            {
                reached.TrySetResult();
            }
        }

        bus.Unhandled += (_, _) => Offered();
        bus.Malformed += malformed =>
        {
            // The first says what is on the group; a flood of others would drown the reports.
            if (Interlocked.Exchange(ref malformedShown, 1) == 0)
            {
                error.WriteLine($"tdg: {malformed.Message} (further ones are only counted)");
            }

            Offered();
        };
        bus.Error += failure => error.WriteLine($"tdg: {failure.Message}");

        var joinedAt = new HostPort(bus.Group, bus.Port);
        await error.WriteLineAsync($"tdg: joined {joinedAt} on {settings.Interface}{(settings.Source is null ? "" : $" from source {settings.Source}")}");

        // --timeout bounds the counting, not the join before it.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (settings.Timeout is { } seconds)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        var clock = Stopwatch.StartNew();
        using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.Interval)))
        {
            try
            {
                while (true)
                {
                    var tick = timer.WaitForNextTickAsync(stop.Token).AsTask();
                    if (await Task.WhenAny(tick, reached.Task) == reached.Task)
                    {
                        break;
                    }

                    await tick;
                    await output.WriteLineAsync(StatsPrinter.Format(bus.Stats, clock.Elapsed, final: false));
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // --timeout or Ctrl+C: the final report below says how far it got.
            }
        }

        var final = bus.Stats;
        await output.WriteLineAsync(StatsPrinter.Format(final, clock.Elapsed, final: true));
        await output.FlushAsync(CancellationToken.None);
        await error.WriteLineAsync($"tdg: {final} in {clock.Elapsed.TotalSeconds:F1} s");
        return settings.Count is { } wanted && final.Received < wanted && !cancellationToken.IsCancellationRequested ? 2 : 0;
    }

    private sealed record Settings(string Group, int Port, string Interface, string? Source, double Interval, int? Count, double? Timeout, bool Reliable);
}
