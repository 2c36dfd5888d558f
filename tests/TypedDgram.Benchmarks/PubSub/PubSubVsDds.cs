using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace TypedDgram.Benchmarks.PubSub;

/// <summary>
/// <c>pubsub-vs-dds</c> (<see cref="PubSubVsDdsOptions"/>): the bus against Cyclone DDS's <c>ddsperf</c> on loopback
/// (issue 14). Rows: ddsperf RELIABLE, ddsperf best effort (<c>-u</c>) and the bus, each at every baggage size; each row
/// is a throughput run (publisher and subscriber processes) and a ping-pong run (ping and pong processes), the
/// publishing side pinned to one core and the receiving side to another. Rounds run every row in turn, the order
/// rotated from round to round; each figure is the median of the rounds. See docs/benchmarks.md, "Pub/sub against
/// Cyclone DDS (issue 14)".
/// </summary>
public static class PubSubVsDds
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    // Each process is told to stop once the window is read (a report after its end is needed: they report once a
    // second); this is only the bound on how long one may run, whatever happens to the driver.
    private static double Lifetime(PubSubVsDdsOptions options) => options.Warmup + options.Seconds + (3 * ReadyTimeout.TotalSeconds);

    // After the window, the time for every process to print a report past its end.
    private static readonly TimeSpan LastReport = TimeSpan.FromSeconds(1.2);

    // Numbers the processes' output files in --out in the order they started.
    private static int _started;

    private static string LogFile(PubSubVsDdsOptions options, string name) =>
        Path.Combine(options.Out, Invariant($"{Interlocked.Increment(ref _started):D3}-{name.Replace(' ', '-')}.txt"));

    private enum Side
    {
        CycloneReliable,
        CycloneBestEffort,
        Bus,
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        PubSubVsDdsOptions options;
        try
        {
            options = PubSubVsDdsOptions.Parse(args);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine(error.Message);
            return 2;
        }

        Directory.CreateDirectory(options.Out);
        var rows = options.Sizes.SelectMany(size => new[] { (Side.CycloneReliable, size), (Side.CycloneBestEffort, size), (Side.Bus, size) }).ToArray();
        var throughput = rows.ToDictionary(row => row, _ => new List<ThroughputRun>());
        var latency = rows.ToDictionary(row => row, _ => new List<LatencyRun>());
        var failures = new List<string>();
        var loopback = new CycloneLoopbackCheck();
        var runs = new StringBuilder("round\trow\tbaggage\tkind\tseconds\treceived_per_s\tsent_per_s\tlost\tsender_cpu_us_per_sample\treceiver_cpu_us_per_sample\trtt_p50_us\trtt_p90_us\trtt_p99_us\troundtrips\n");

        Console.WriteLine(Invariant($"pubsub-vs-dds: {options.Rounds} round(s) of {options.Seconds} s per run after {options.Warmup} s of warm-up; publisher on CPU {options.PublisherCpu}, subscriber on CPU {options.SubscriberCpu}{(PeerProcess.HasTaskset ? "" : " (no taskset here: NOT pinned)")}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores (the machine may be shared: compare rows within this run only)"));
        for (var round = 1; round <= options.Rounds; round++)
        {
            var order = rows.Skip((round - 1) % rows.Length).Concat(rows.Take((round - 1) % rows.Length));
            foreach (var row in order)
            {
                var (side, size) = row;
                try
                {
                    var run = await MeasureThroughputAsync(options, side, size, loopback);
                    throughput[row].Add(run);
                    runs.Append(Invariant($"{round}\t{Label(side, options.Publish)}\t{size}\tthroughput\t{run.Seconds:F3}\t{run.ReceivedPerSecond:F0}\t{run.SentPerSecond:F0}\t{run.Lost:F0}\t{run.SenderCpuMicroseconds:F3}\t{run.ReceiverCpuMicroseconds:F3}\t\t\t\t\n"));
                    Console.WriteLine(Invariant($"  round {round} {Label(side, options.Publish)}, {size} B: {run.ReceivedPerSecond:N0} received/s, {run.SentPerSecond:N0} sent/s, {run.Lost:N0} lost, CPU {run.SenderCpuMicroseconds:F2} / {run.ReceiverCpuMicroseconds:F2} µs per sample"));
                }
                catch (Exception error) when (error is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
                {
                    failures.Add($"round {round} {Label(side, options.Publish)} {size} B throughput: {error.Message}");
                    Console.WriteLine($"  FAILED: {failures[^1]}");
                }

                try
                {
                    var run = await MeasureLatencyAsync(options, side, size, loopback);
                    latency[row].Add(run);
                    runs.Append(Invariant($"{round}\t{Label(side, options.Publish)}\t{size}\tpingpong\t{options.Seconds:F3}\t\t\t\t\t\t{run.P50:F3}\t{run.P90:F3}\t{run.P99:F3}\t{run.Count}\n"));
                    Console.WriteLine(Invariant($"  round {round} {Label(side, options.Publish)}, {size} B: round trip p50 {run.P50:F1} µs, p90 {run.P90:F1} µs, p99 {run.P99:F1} µs ({run.Count:N0} round trips)"));
                }
                catch (Exception error) when (error is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
                {
                    failures.Add($"round {round} {Label(side, options.Publish)} {size} B ping-pong: {error.Message}");
                    Console.WriteLine($"  FAILED: {failures[^1]}");
                }
            }
        }

        File.WriteAllText(Path.Combine(options.Out, "runs.tsv"), runs.ToString());
        var summary = Summary(options, rows, throughput, latency);
        File.WriteAllText(Path.Combine(options.Out, "summary.md"), summary);
        Console.WriteLine();
        Console.Write(summary);
        Console.WriteLine();
        Console.WriteLine($"Cyclone on loopback: {loopback.Summary()}");
        Console.WriteLine($"every run: {Path.Combine(options.Out, "runs.tsv")}; every process's output (NNN-NAME.txt, with its command line), Cyclone's traces and this summary: {options.Out}");
        foreach (var problem in loopback.Problems)
        {
            Console.WriteLine($"LOOPBACK CHECK FAILED: {problem}");
        }

        if (loopback.Logs == 0)
        {
            Console.WriteLine("LOOPBACK CHECK FAILED: no Cyclone trace was read (did the config's Tracing/OutputFile point at ${DDSBENCH_LOG_DIR}?)");
        }

        foreach (var failure in failures)
        {
            Console.WriteLine($"FAILED: {failure}");
        }

        return failures.Count == 0 && loopback.Problems.Count == 0 && loopback.Logs > 0 ? 0 : 1;
    }

    private static string Key(Side side) => side switch
    {
        Side.CycloneReliable => "ddsperf-reliable",
        Side.CycloneBestEffort => "ddsperf-best-effort",
        _ => "bus",
    };

    private static string Label(Side side, PublishMode publish) => side switch
    {
        Side.CycloneReliable => "Cyclone DDS ddsperf, RELIABLE",
        Side.CycloneBestEffort => "Cyclone DDS ddsperf -u, BEST_EFFORT",
        _ => publish == PublishMode.Async ? "TypedDgram MulticastBus, await PublishAsync" : "TypedDgram MulticastBus, Publish (sync)",
    };

    private static async Task<ThroughputRun> MeasureThroughputAsync(PubSubVsDdsOptions options, Side side, int size, CycloneLoopbackCheck loopback)
    {
        var group = NewGroup();
        var senderSeconds = Lifetime(options);
        var receiverSeconds = senderSeconds + 10;
        using var receiver = side == Side.Bus
            ? StartBusPeer(options, Invariant($"{Key(side)} {size} sub"), options.SubscriberCpu, "sub", group, 0, receiverSeconds, size)
            : StartDdsperf(options, Invariant($"{Key(side)} {size} sub"), options.SubscriberCpu, side, receiverSeconds, "-1", "sub");
        var port = Port(await receiver.ReadyAsync(ReadyTimeout));
        using var sender = side == Side.Bus
            ? StartBusPeer(options, Invariant($"{Key(side)} {size} pub"), options.PublisherCpu, "pub", group, port, senderSeconds, size)
            : StartDdsperf(options, Invariant($"{Key(side)} {size} pub"), options.PublisherCpu, side, senderSeconds, "pub", "size", (size + 12).ToString(CultureInfo.InvariantCulture));
        await sender.ReadyAsync(ReadyTimeout);

        // The window opens and closes as the subscriber prints a report (once a second), with both processes' CPU time
        // read as the line arrives: the received count is then the difference of two reports, not an interpolation.
        Func<string, bool> isReport = side == Side.Bus
            ? line => BusPeerOutput.ParseSubscriber([line]).Count == 1
            : line => DdsperfOutput.ParseSubscriber([line]).Count == 1;
        await Task.Delay(TimeSpan.FromSeconds(options.Warmup));
        await receiver.NextLineAsync(isReport, ReadyTimeout);
        var (start, senderStart, receiverStart) = (BusPeer.Now(), ProcessCpu.Seconds(sender.Id), ProcessCpu.Seconds(receiver.Id));
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds - 0.5));
        await receiver.NextLineAsync(isReport, ReadyTimeout);
        var (end, senderEnd, receiverEnd) = (BusPeer.Now(), ProcessCpu.Seconds(sender.Id), ProcessCpu.Seconds(receiver.Id));
        if (side != Side.Bus)
        {
            loopback.AddSockets(await SocketsAsync(), [sender.Id, receiver.Id]);
        }

        await Task.Delay(LastReport);
        sender.Stop();
        await EndedAsync(sender, TimeSpan.FromSeconds(15));
        receiver.Stop();
        await EndedAsync(receiver, TimeSpan.FromSeconds(15));
        if (side != Side.Bus)
        {
            AddTraces(options, loopback, sender, receiver);
        }

        var window = new RoundWindow(start, end);
        var received = window.Growth(side == Side.Bus ? BusPeerOutput.ParseSubscriber(receiver.Lines) : DdsperfOutput.ParseSubscriber(receiver.Lines))
            ?? throw new InvalidOperationException($"the subscriber's reports do not cover the measured window {start:F3}–{end:F3}: {receiver.Tail()}");
        var sent = window.Growth(side == Side.Bus ? BusPeerOutput.ParsePublisher(sender.Lines) : DdsperfOutput.ParsePublisher(sender.Lines))
            ?? throw new InvalidOperationException($"the publisher's reports do not cover the measured window {start:F3}–{end:F3}: {sender.Tail()}");
        if (received.Total <= 0 || sent.Total <= 0)
        {
            throw new InvalidOperationException($"nothing {(sent.Total <= 0 ? "sent" : "received")} in the measured window {start:F3}–{end:F3}: publisher {sender.Tail()}; subscriber {receiver.Tail()}");
        }

        if (senderStart is null || senderEnd is null || receiverStart is null || receiverEnd is null)
        {
            throw new InvalidOperationException($"a process ended inside the measured window: publisher {sender.Tail()}; subscriber {receiver.Tail()}");
        }

        return new ThroughputRun(
            window.Seconds,
            received.Total / window.Seconds,
            sent.Total / window.Seconds,
            received.Lost,
            (senderEnd.Value - senderStart.Value) * 1e6 / sent.Total,
            (receiverEnd.Value - receiverStart.Value) * 1e6 / received.Total);
    }

    private static async Task<LatencyRun> MeasureLatencyAsync(PubSubVsDdsOptions options, Side side, int size, CycloneLoopbackCheck loopback)
    {
        var group = NewGroup();
        var pingSeconds = Lifetime(options);
        var pongSeconds = pingSeconds + 10;
        using var pong = side == Side.Bus
            ? StartBusPeer(options, Invariant($"{Key(side)} {size} pong"), options.SubscriberCpu, "pong", group, 0, pongSeconds, size)
            : StartDdsperf(options, Invariant($"{Key(side)} {size} pong"), options.SubscriberCpu, side, pongSeconds, "pong");
        var port = Port(await pong.ReadyAsync(ReadyTimeout));
        using var ping = side == Side.Bus
            ? StartBusPeer(options, Invariant($"{Key(side)} {size} ping"), options.PublisherCpu, "ping", group, port, pingSeconds, size)
            : StartDdsperf(options, Invariant($"{Key(side)} {size} ping"), options.PublisherCpu, side, pingSeconds, "ping", "size", (size + 12).ToString(CultureInfo.InvariantCulture));
        await ping.ReadyAsync(ReadyTimeout);

        await Task.Delay(TimeSpan.FromSeconds(options.Warmup));
        var start = BusPeer.Now();
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
        var end = BusPeer.Now();
        if (side != Side.Bus)
        {
            loopback.AddSockets(await SocketsAsync(), [ping.Id, pong.Id]);
        }

        await Task.Delay(LastReport);
        ping.Stop();
        await EndedAsync(ping, TimeSpan.FromSeconds(15));
        pong.Stop();
        await EndedAsync(pong, TimeSpan.FromSeconds(15));
        if (side != Side.Bus)
        {
            AddTraces(options, loopback, ping, pong);
        }

        var seconds = side == Side.Bus ? BusPeerOutput.ParsePing(ping.Lines) : DdsperfOutput.ParsePing(ping.Lines);
        var rtt = new RoundWindow(start, end).Latency(seconds)
            ?? throw new InvalidOperationException($"no round trip reported in the measured window {start:F3}–{end:F3}: ping {ping.Tail()}; pong {pong.Tail()}");
        return new LatencyRun(rtt.P50, rtt.P90, rtt.P99, rtt.Count);
    }

    private static PeerProcess StartDdsperf(PubSubVsDdsOptions options, string name, int cpu, Side side, double seconds, params string[] mode)
    {
        // -R 0: timestamps in Unix seconds, as the bus peers print theirs; -D: the bound on its run (it is stopped before).
        string[] arguments = [.. side == Side.CycloneBestEffort ? ["-u"] : Array.Empty<string>(), "-R", "0", "-D", Invariant($"{seconds:F1}"), .. mode];
        var environment = new Dictionary<string, string>
        {
            ["CYCLONEDDS_URI"] = new Uri(options.CycloneConfig).AbsoluteUri,
            // The config's Tracing/OutputFile is ${DDSBENCH_LOG_DIR}/cyclone-${CYCLONEDDS_PID}.log.
            ["DDSBENCH_LOG_DIR"] = options.Out,
        };
        return PeerProcess.Start(name, cpu, options.Ddsperf, arguments, environment, line => line.Contains("(self)", StringComparison.Ordinal), stopsOnInput: false, LogFile(options, name));
    }

    // A group of its own for each run (both peers of the run take it), so that a straggler of an earlier run is not heard.
    private static string NewGroup() => Invariant($"239.255.14.{Random.Shared.Next(1, 255)}");

    private static PeerProcess StartBusPeer(PubSubVsDdsOptions options, string name, int cpu, string role, string group, int port, double seconds, int size)
    {
        string[] arguments =
        [
            typeof(BusPeer).Assembly.Location, "bus-peer", role,
            "--group", group,
            "--port", Invariant($"{port}"),
            "--interface", "127.0.0.1",
            "--seconds", Invariant($"{seconds:F1}"),
            "--size", Invariant($"{size}"),
            "--publish", options.Publish == PublishMode.Async ? "async" : "sync",
        ];
        // As every .NET child of the benchmarks: without it a busy sender runs tier-0 code through its window (README).
        var environment = new Dictionary<string, string> { ["DOTNET_TC_CallCountingDelayMs"] = "0" };
        return PeerProcess.Start(name, cpu, Environment.ProcessPath ?? "dotnet", arguments, environment, line => line.StartsWith("ready ", StringComparison.Ordinal), stopsOnInput: true, LogFile(options, name));
    }

    // The bus peers' ready line names the port the first one bound (the second uses it); ddsperf needs none.
    private static int Port(string ready) =>
        ready.StartsWith("ready port=", StringComparison.Ordinal) ? int.Parse(ready["ready port=".Length..], CultureInfo.InvariantCulture) : 0;

    private static async Task EndedAsync(PeerProcess peer, TimeSpan timeout)
    {
        var code = await peer.ExitAsync(timeout);
        if (code != 0)
        {
            throw new InvalidOperationException(code == -1
                ? $"{peer.Name} did not end within {timeout.TotalSeconds:F0} s and was killed: {peer.Tail()}"
                : $"{peer.Name} exited with {code}: {peer.Tail()}");
        }
    }

    private static void AddTraces(PubSubVsDdsOptions options, CycloneLoopbackCheck loopback, params PeerProcess[] peers)
    {
        foreach (var peer in peers)
        {
            var trace = Path.Combine(options.Out, $"cyclone-{peer.Id}.log");
            if (File.Exists(trace))
            {
                loopback.AddLog(Path.GetFileName(trace), File.ReadLines(trace));
            }
        }
    }

    private static async Task<string> SocketsAsync()
    {
        try
        {
            using var ss = Process.Start(new ProcessStartInfo("ss", ["-u", "-a", "-n", "-p"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
            var text = await ss.StandardOutput.ReadToEndAsync();
            await ss.WaitForExitAsync();
            return text;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return ""; // no ss (iproute2): the trace alone says where Cyclone sends
        }
    }

    private static string Summary(PubSubVsDdsOptions options, (Side Side, int Size)[] rows, Dictionary<(Side, int), List<ThroughputRun>> throughput, Dictionary<(Side, int), List<LatencyRun>> latency)
    {
        static string Median(IEnumerable<double> values, string format) => values.Any() ? RoundWindow.Median(values).ToString(format, CultureInfo.InvariantCulture) : "n/a";
        static string Range(IReadOnlyCollection<double> values) => values.Count > 1 ? Invariant($" ({values.Min() / 1000:N0}k–{values.Max() / 1000:N0}k)") : "";

        var text = new StringBuilder();
        text.AppendLine(Invariant($"| median of {options.Rounds} interleaved round(s), {options.Seconds} s each; publisher on CPU {options.PublisherCpu}, subscriber on CPU {options.SubscriberCpu} | baggage (bytes) | received samples/s | sent samples/s | lost at the subscriber | sender CPU µs per sample sent | receiver CPU µs per sample received | ping-pong RTT p50 / p90 / p99 (µs) |"));
        text.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var (side, size) in rows)
        {
            var t = throughput[(side, size)];
            var l = latency[(side, size)];
            text.AppendLine(Invariant($"| {Label(side, options.Publish)} | {size} | {Median(t.Select(r => r.ReceivedPerSecond), "N0")}{Range([.. t.Select(r => r.ReceivedPerSecond)])} | {Median(t.Select(r => r.SentPerSecond), "N0")} | {Median(t.Select(r => r.Lost), "N0")} | {Median(t.Select(r => r.SenderCpuMicroseconds), "F2")} | {Median(t.Select(r => r.ReceiverCpuMicroseconds), "F2")} | {Median(l.Select(r => r.P50), "F1")} / {Median(l.Select(r => r.P90), "F1")} / {Median(l.Select(r => r.P99), "F1")} |"));
        }

        text.AppendLine();
        foreach (var size in options.Sizes)
        {
            string Ratio(Func<ThroughputRun, double>? ofThroughput, Func<LatencyRun, double>? ofLatency)
            {
                double BusOver(Side side) => ofThroughput is not null
                    ? RoundWindow.Median(throughput[(Side.Bus, size)].Select(ofThroughput)) / RoundWindow.Median(throughput[(side, size)].Select(ofThroughput))
                    : RoundWindow.Median(latency[(Side.Bus, size)].Select(ofLatency!)) / RoundWindow.Median(latency[(side, size)].Select(ofLatency!));
                var ratio = BusOver(Side.CycloneReliable);
                return double.IsFinite(ratio) ? Invariant($"{ratio:F3}x") : "n/a";
            }

            text.AppendLine(Invariant($"- {size}-byte baggage, bus / Cyclone RELIABLE (same run): received samples/s {Ratio(r => r.ReceivedPerSecond, null)}, sender CPU per sample {Ratio(r => r.SenderCpuMicroseconds, null)}, receiver CPU per sample {Ratio(r => r.ReceiverCpuMicroseconds, null)}, RTT p50 {Ratio(null, r => r.P50)}, p99 {Ratio(null, r => r.P99)}"));
        }

        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record ThroughputRun(double Seconds, double ReceivedPerSecond, double SentPerSecond, double Lost, double SenderCpuMicroseconds, double ReceiverCpuMicroseconds);

    private sealed record LatencyRun(double P50, double P90, double P99, long Count);
}
