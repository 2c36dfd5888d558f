using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace TypedDgram.Benchmarks.PubSub;

/// <summary>
/// <c>pubsub-vs-dds</c> (<see cref="PubSubVsDdsOptions"/>): the bus against Cyclone DDS's <c>ddsperf</c> on loopback
/// (issue 14). Rows: ddsperf RELIABLE, ddsperf best effort (<c>-u</c>) and the bus, each at every baggage size; each row
/// is a throughput run (publisher and subscriber processes) and a ping-pong run (ping and pong processes), the
/// publishing side pinned to one core and the receiving side to another. Rounds run every row in turn, the order
/// rotated from round to round; each figure is the median of the rounds. See docs/benchmarks.md, "Pub/sub against
/// Cyclone DDS (issue 14)". The reliable bus (<c>ReliabilityMode.Reliable</c>) is a row of its own; with <c>--loss</c>,
/// Cyclone RELIABLE and the bus (best effort and reliable) run again in a <see cref="LossLab"/> whose subscriber side
/// drops that share of UDP datagrams at random, both directions (issue 15).
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
        BusReliable,
    }

    /// <summary>One row: a side at a baggage size, on loopback (<paramref name="Loss"/> null) or in the lab at that loss (%).</summary>
    private sealed record Row(Side Side, int Size, int? Loss);

    // Under loss: what Cyclone keeps (RELIABLE), and the bus both ways (best effort for what loss alone takes away).
    private static readonly Side[] LossySides = [Side.CycloneReliable, Side.Bus, Side.BusReliable];

    private static bool IsBus(Side side) => side is Side.Bus or Side.BusReliable;

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
        bool Selected(Side side) => options.Only.Length == 0 || options.Only.Contains(Key(side));
        Row[] rows =
        [
            .. options.Sizes.SelectMany(size => Enum.GetValues<Side>().Where(Selected).Select(side => new Row(side, size, null))),
            .. options.Losses.SelectMany(loss => options.Sizes.SelectMany(size => LossySides.Where(Selected).Select(side => new Row(side, size, loss)))),
        ];
        var throughput = rows.ToDictionary(row => row, _ => new List<ThroughputRun>());
        var latency = rows.ToDictionary(row => row, _ => new List<LatencyRun>());
        var failures = new List<string>();
        var loopback = new CycloneLoopbackCheck();
        var labCheck = new CycloneLoopbackCheck("eth0", LossLab.PublisherAddress, LossLab.Subnet);
        using var lab = options.Losses.Length > 0 ? LossLab.Up(options.LabPrefix) : null;
        // Ctrl-C: the lab goes with the benchmark (the script's trap deletes it too, should this process be killed).
        using var cleanup = lab is null ? null : PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => lab.Down());
        var runs = new StringBuilder("round\trow\tbaggage\tloss_percent\tkind\tseconds\treceived_per_s\tsent_per_s\tlost\tsender_cpu_us_per_sample\treceiver_cpu_us_per_sample\trtt_p50_us\trtt_p90_us\trtt_p99_us\troundtrips\tdelivered_of_published\tunrecoverable\trecovered\tnft_seen\tnft_dropped\n");

        Console.WriteLine(Invariant($"pubsub-vs-dds: {options.Rounds} round(s) of {options.Seconds} s per run after {options.Warmup} s of warm-up; publisher on CPU {options.PublisherCpu}, subscriber on CPU {options.SubscriberCpu}{(PeerProcess.HasTaskset ? "" : " (no taskset here: NOT pinned)")}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores (the machine may be shared: compare rows within this run only)"));
        for (var round = 1; round <= options.Rounds; round++)
        {
            var order = rows.Skip((round - 1) % rows.Length).Concat(rows.Take((round - 1) % rows.Length));
            foreach (var row in order)
            {
                var label = Invariant($"{Label(row.Side, options.Publish)}, {row.Size} B, {Network(row)}");
                var check = row.Loss is null ? loopback : labCheck;
                try
                {
                    var run = await MeasureThroughputAsync(options, row, check, lab);
                    throughput[row].Add(run);
                    runs.Append(Invariant($"{round}\t{Label(row.Side, options.Publish)}\t{row.Size}\t{row.Loss}\tthroughput\t{run.Seconds:F3}\t{run.ReceivedPerSecond:F0}\t{run.SentPerSecond:F0}\t{run.Lost:F0}\t{run.SenderCpuMicroseconds:F3}\t{run.ReceiverCpuMicroseconds:F3}\t\t\t\t\t{run.DeliveredOfPublished:F6}\t{run.Repair?.Unrecoverable}\t{run.Repair?.Recovered}\t{run.Nft?.Seen}\t{run.Nft?.Dropped}\n"));
                    Console.WriteLine(Invariant($"  round {round} {label}: {run.ReceivedPerSecond:N0} received/s, {run.SentPerSecond:N0} sent/s, {run.Lost:N0} lost, CPU {run.SenderCpuMicroseconds:F2} / {run.ReceiverCpuMicroseconds:F2} µs per sample{Details(run)}"));
                }
                catch (Exception error) when (error is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
                {
                    failures.Add($"round {round} {label} throughput: {error.Message}");
                    Console.WriteLine($"  FAILED: {failures[^1]}");
                }

                try
                {
                    var run = await MeasureLatencyAsync(options, row, check, lab);
                    latency[row].Add(run);
                    runs.Append(Invariant($"{round}\t{Label(row.Side, options.Publish)}\t{row.Size}\t{row.Loss}\tpingpong\t{options.Seconds:F3}\t\t\t\t\t\t{run.P50:F3}\t{run.P90:F3}\t{run.P99:F3}\t{run.Count}\t\t\t\t{run.Nft?.Seen}\t{run.Nft?.Dropped}\n"));
                    Console.WriteLine(Invariant($"  round {round} {label}: round trip p50 {run.P50:F1} µs, p90 {run.P90:F1} µs, p99 {run.P99:F1} µs ({run.Count:N0} round trips){(run.Nft is { } nft ? $", nft dropped {nft.Dropped:N0} of {nft.Seen:N0}" : "")}"));
                }
                catch (Exception error) when (error is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
                {
                    failures.Add($"round {round} {label} ping-pong: {error.Message}");
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
        if (lab is not null)
        {
            Console.WriteLine($"Cyclone in the lab ({lab.PublisherNamespace}, {lab.SubscriberNamespace}): {labCheck.Summary()}");
        }

        Console.WriteLine($"every run: {Path.Combine(options.Out, "runs.tsv")}; every process's output (NNN-NAME.txt, with its command line), Cyclone's traces and this summary: {options.Out}");
        foreach (var problem in loopback.Problems.Concat(labCheck.Problems))
        {
            Console.WriteLine($"LOOPBACK CHECK FAILED: {problem}");
        }

        var cyclone = rows.Any(row => row.Loss is null && !IsBus(row.Side));
        var cycloneInLab = rows.Any(row => row.Loss is not null && !IsBus(row.Side));
        if ((cyclone && loopback.Logs == 0) || (cycloneInLab && labCheck.Logs == 0))
        {
            Console.WriteLine("LOOPBACK CHECK FAILED: no Cyclone trace was read (did the config's Tracing/OutputFile point at ${DDSBENCH_LOG_DIR}?)");
        }

        foreach (var failure in failures)
        {
            Console.WriteLine($"FAILED: {failure}");
        }

        return failures.Count == 0 && loopback.Problems.Count == 0 && labCheck.Problems.Count == 0 && (!cyclone || loopback.Logs > 0) && (!cycloneInLab || labCheck.Logs > 0) ? 0 : 1;
    }

    private static string Network(Row row) => row.Loss is { } loss ? Invariant($"lab, {loss} % loss") : "loopback";

    private static string Details(ThroughputRun run) =>
        (run.DeliveredOfPublished is { } delivered ? Invariant($", delivered {delivered:P3} of published") : "")
        + (run.Repair is { } repair ? Invariant($", unrecoverable {repair.Unrecoverable:N0}, recovered {repair.Recovered:N0}, NAKs {repair.Naks:N0}") : "")
        + (run.Nft is { } nft ? Invariant($", nft dropped {nft.Dropped:N0} of {nft.Seen:N0}") : "");

    private static string Key(Side side) => side switch
    {
        Side.CycloneReliable => "ddsperf-reliable",
        Side.CycloneBestEffort => "ddsperf-best-effort",
        Side.Bus => "bus",
        _ => "bus-reliable",
    };

    private static string Label(Side side, PublishMode publish) => side switch
    {
        Side.CycloneReliable => "Cyclone DDS ddsperf, RELIABLE",
        Side.CycloneBestEffort => "Cyclone DDS ddsperf -u, BEST_EFFORT",
        Side.Bus => publish == PublishMode.Async ? "TypedDgram MulticastBus, await PublishAsync" : "TypedDgram MulticastBus, Publish (sync)",
        _ => publish == PublishMode.Async ? "TypedDgram MulticastBus reliable, await PublishAsync" : "TypedDgram MulticastBus reliable, Publish (sync)",
    };

    private static async Task<ThroughputRun> MeasureThroughputAsync(PubSubVsDdsOptions options, Row row, CycloneLoopbackCheck check, LossLab? lab)
    {
        var (side, size) = (row.Side, row.Size);
        var group = NewGroup();
        var senderSeconds = Lifetime(options);
        var receiverSeconds = senderSeconds + 10;
        // The loss applies from before either side starts (discovery and joining too) to after both ended.
        StartLoss(row, lab);
        using var receiver = IsBus(side)
            ? StartBusPeer(options, row, "sub", group, 0, receiverSeconds, lab)
            : StartDdsperf(options, row, "sub", receiverSeconds, lab, "-1", "sub");
        var port = Port(await receiver.ReadyAsync(ReadyTimeout));
        using var sender = IsBus(side)
            ? StartBusPeer(options, row, "pub", group, port, senderSeconds, lab)
            : StartDdsperf(options, row, "pub", senderSeconds, lab, "pub", "size", (size + 12).ToString(CultureInfo.InvariantCulture));
        await sender.ReadyAsync(ReadyTimeout);

        // The window opens and closes as the subscriber prints a report (once a second), with both processes' CPU time
        // read as the line arrives: the received count is then the difference of two reports, not an interpolation.
        Func<string, bool> isReport = IsBus(side)
            ? line => BusPeerOutput.ParseSubscriber([line]).Count == 1
            : line => DdsperfOutput.ParseSubscriber([line]).Count == 1;
        await Task.Delay(TimeSpan.FromSeconds(options.Warmup));
        await receiver.NextLineAsync(isReport, ReadyTimeout);
        var (start, senderStart, receiverStart) = (BusPeer.Now(), ProcessCpu.Seconds(sender.Id), ProcessCpu.Seconds(receiver.Id));
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds - 0.5));
        await receiver.NextLineAsync(isReport, ReadyTimeout);
        var (end, senderEnd, receiverEnd) = (BusPeer.Now(), ProcessCpu.Seconds(sender.Id), ProcessCpu.Seconds(receiver.Id));
        if (!IsBus(side))
        {
            check.AddSockets(Sockets(row, lab), [sender.Id, receiver.Id]);
        }

        await Task.Delay(LastReport);
        sender.Stop();
        await EndedAsync(sender, TimeSpan.FromSeconds(15));
        receiver.Stop();
        await EndedAsync(receiver, TimeSpan.FromSeconds(15));
        var nft = StopLoss(row, lab);
        if (!IsBus(side))
        {
            AddTraces(options, check, sender, receiver);
        }

        var window = new RoundWindow(start, end);
        var received = window.Growth(IsBus(side) ? BusPeerOutput.ParseSubscriber(receiver.Lines) : DdsperfOutput.ParseSubscriber(receiver.Lines))
            ?? throw new InvalidOperationException($"the subscriber's reports do not cover the measured window {start:F3}–{end:F3}: {receiver.Tail()}");
        var sent = window.Growth(IsBus(side) ? BusPeerOutput.ParsePublisher(sender.Lines) : DdsperfOutput.ParsePublisher(sender.Lines))
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
            (receiverEnd.Value - receiverStart.Value) * 1e6 / received.Total,
            IsBus(side) ? DeliveredOfPublished(sender.Lines, receiver.Lines) : null,
            IsBus(side) ? BusPeerOutput.LastRepair(receiver.Lines) : null,
            nft);
    }

    // The bus's whole run, after the publisher stopped (and, reliable, stayed to repair its tail): what the subscriber
    // delivered of what the publisher published. ddsperf prints no exact count of what it wrote.
    private static double? DeliveredOfPublished(IEnumerable<string> publisher, IEnumerable<string> subscriber)
    {
        var done = publisher.LastOrDefault(line => line.StartsWith("pub done sent=", StringComparison.Ordinal));
        var last = BusPeerOutput.ParseSubscriber(subscriber).LastOrDefault();
        return done is null || last.Total <= 0
            ? null
            : last.Total / double.Parse(done["pub done sent=".Length..].Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static async Task<LatencyRun> MeasureLatencyAsync(PubSubVsDdsOptions options, Row row, CycloneLoopbackCheck check, LossLab? lab)
    {
        var side = row.Side;
        var group = NewGroup();
        var pingSeconds = Lifetime(options);
        var pongSeconds = pingSeconds + 10;
        StartLoss(row, lab);
        using var pong = IsBus(side)
            ? StartBusPeer(options, row, "pong", group, 0, pongSeconds, lab)
            : StartDdsperf(options, row, "pong", pongSeconds, lab, "pong");
        var port = Port(await pong.ReadyAsync(ReadyTimeout));
        using var ping = IsBus(side)
            ? StartBusPeer(options, row, "ping", group, port, pingSeconds, lab)
            : StartDdsperf(options, row, "ping", pingSeconds, lab, "ping", "size", (row.Size + 12).ToString(CultureInfo.InvariantCulture));
        await ping.ReadyAsync(ReadyTimeout);

        await Task.Delay(TimeSpan.FromSeconds(options.Warmup));
        var start = BusPeer.Now();
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
        var end = BusPeer.Now();
        if (!IsBus(side))
        {
            check.AddSockets(Sockets(row, lab), [ping.Id, pong.Id]);
        }

        await Task.Delay(LastReport);
        ping.Stop();
        await EndedAsync(ping, TimeSpan.FromSeconds(15));
        pong.Stop();
        await EndedAsync(pong, TimeSpan.FromSeconds(15));
        var nft = StopLoss(row, lab);
        if (!IsBus(side))
        {
            AddTraces(options, check, ping, pong);
        }

        var seconds = IsBus(side) ? BusPeerOutput.ParsePing(ping.Lines) : DdsperfOutput.ParsePing(ping.Lines);
        var rtt = new RoundWindow(start, end).Latency(seconds)
            ?? throw new InvalidOperationException($"no round trip reported in the measured window {start:F3}–{end:F3}: ping {ping.Tail()}; pong {pong.Tail()}");
        return new LatencyRun(rtt.P50, rtt.P90, rtt.P99, rtt.Count, nft);
    }

    private static void StartLoss(Row row, LossLab? lab)
    {
        if (row.Loss is { } loss)
        {
            (lab ?? throw new InvalidOperationException("a lossy row without a lab")).StartLoss(loss);
        }
    }

    private static (long Seen, long Dropped)? StopLoss(Row row, LossLab? lab)
    {
        if (row.Loss is null || lab is null)
        {
            return null;
        }

        var counters = lab.Counters();
        lab.StopLoss();
        return counters;
    }

    private static string Sockets(Row row, LossLab? lab) => row.Loss is null || lab is null
        ? LossLab.Sockets(null)
        : LossLab.Sockets(lab.PublisherNamespace) + "\n" + LossLab.Sockets(lab.SubscriberNamespace);

    // The publishing side (pub, ping) and the receiving side (sub, pong): their core, and in the lab their namespace and address.
    private static (int Cpu, string? Namespace, string Interface) Place(PubSubVsDdsOptions options, Row row, string role, LossLab? lab)
    {
        var publishing = role is "pub" or "ping";
        var cpu = publishing ? options.PublisherCpu : options.SubscriberCpu;
        return row.Loss is null || lab is null
            ? (cpu, null, "127.0.0.1")
            : (cpu, publishing ? lab.PublisherNamespace : lab.SubscriberNamespace, publishing ? LossLab.PublisherAddress : LossLab.SubscriberAddress);
    }

    private static string Name(Row row, string role) =>
        Invariant($"{Key(row.Side)} {row.Size}{(row.Loss is { } loss ? $" loss{loss}" : "")} {role}");

    private static PeerProcess StartDdsperf(PubSubVsDdsOptions options, Row row, string role, double seconds, LossLab? lab, params string[] mode)
    {
        // -R 0: timestamps in Unix seconds, as the bus peers print theirs; -D: the bound on its run (it is stopped before).
        string[] arguments = [.. row.Side == Side.CycloneBestEffort ? ["-u"] : Array.Empty<string>(), "-R", "0", "-D", Invariant($"{seconds:F1}"), .. mode];
        var (cpu, ns, _) = Place(options, row, role, lab);
        var environment = new Dictionary<string, string>
        {
            ["CYCLONEDDS_URI"] = new Uri(ns is null ? options.CycloneConfig : options.CycloneLabConfig!).AbsoluteUri,
            // The config's Tracing/OutputFile is ${DDSBENCH_LOG_DIR}/cyclone-${CYCLONEDDS_PID}.log.
            ["DDSBENCH_LOG_DIR"] = options.Out,
        };
        var (file, inLab) = ns is null ? (options.Ddsperf, arguments) : LossLab.InNamespace(ns, options.Ddsperf, arguments);
        var name = Name(row, role);
        return PeerProcess.Start(name, cpu, file, inLab, environment, line => line.Contains("(self)", StringComparison.Ordinal), stopsOnInput: false, LogFile(options, name));
    }

    // A group of its own for each run (both peers of the run take it), so that a straggler of an earlier run is not heard.
    private static string NewGroup() => Invariant($"239.255.14.{Random.Shared.Next(1, 255)}");

    private static PeerProcess StartBusPeer(PubSubVsDdsOptions options, Row row, string role, string group, int port, double seconds, LossLab? lab)
    {
        var (cpu, ns, address) = Place(options, row, role, lab);
        string[] arguments =
        [
            typeof(BusPeer).Assembly.Location, "bus-peer", role,
            "--group", group,
            "--port", Invariant($"{port}"),
            "--interface", address,
            "--seconds", Invariant($"{seconds:F1}"),
            "--size", Invariant($"{row.Size}"),
            "--publish", options.Publish == PublishMode.Async ? "async" : "sync",
            "--reliability", row.Side == Side.BusReliable ? "reliable" : "best-effort",
        ];
        // As every .NET child of the benchmarks: without it a busy sender runs tier-0 code through its window (README).
        var environment = new Dictionary<string, string> { ["DOTNET_TC_CallCountingDelayMs"] = "0" };
        var dotnet = Environment.ProcessPath ?? "dotnet";
        var (file, inLab) = ns is null ? (dotnet, arguments) : LossLab.InNamespace(ns, dotnet, arguments);
        var name = Name(row, role);
        return PeerProcess.Start(name, cpu, file, inLab, environment, line => line.StartsWith("ready ", StringComparison.Ordinal), stopsOnInput: true, LogFile(options, name));
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

    private static string Summary(PubSubVsDdsOptions options, Row[] rows, Dictionary<Row, List<ThroughputRun>> throughput, Dictionary<Row, List<LatencyRun>> latency)
    {
        static string Median(IEnumerable<double> values, string format) => values.Any() ? RoundWindow.Median(values).ToString(format, CultureInfo.InvariantCulture) : "n/a";
        static string Range(IReadOnlyCollection<double> values) => values.Count > 1 ? Invariant($" ({values.Min() / 1000:N0}k–{values.Max() / 1000:N0}k)") : "";

        var text = new StringBuilder();
        text.AppendLine(Invariant($"| median of {options.Rounds} interleaved round(s), {options.Seconds} s each; publisher on CPU {options.PublisherCpu}, subscriber on CPU {options.SubscriberCpu} | baggage (bytes) | network | received samples/s | sent samples/s | lost at the subscriber | delivered (window: received / (received + lost); bus: of published, whole run) | unrecoverable / recovered (reliable bus) | sender CPU µs per sample sent | receiver CPU µs per sample received | ping-pong RTT p50 / p90 / p99 (µs) | nft dropped of seen (throughput; ping-pong) |"));
        text.AppendLine("|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var row in rows)
        {
            var t = throughput[row];
            var l = latency[row];
            var delivered = t.Select(r => r.ReceivedPerSecond / Math.Max(1e-9, r.ReceivedPerSecond + (r.Lost / r.Seconds))).ToArray();
            var ofPublished = t.Where(r => r.DeliveredOfPublished is not null).Select(r => r.DeliveredOfPublished!.Value).ToArray();
            var repair = t.Where(r => r.Repair is not null).Select(r => r.Repair!.Value).ToArray();
            var nft = row.Loss is null ? "" : Invariant($"{Median(t.Where(r => r.Nft is not null).Select(r => (double)r.Nft!.Value.Dropped), "N0")} of {Median(t.Where(r => r.Nft is not null).Select(r => (double)r.Nft!.Value.Seen), "N0")}; {Median(l.Where(r => r.Nft is not null).Select(r => (double)r.Nft!.Value.Dropped), "N0")} of {Median(l.Where(r => r.Nft is not null).Select(r => (double)r.Nft!.Value.Seen), "N0")}");
            text.AppendLine(Invariant($"| {Label(row.Side, options.Publish)} | {row.Size} | {Network(row)} | {Median(t.Select(r => r.ReceivedPerSecond), "N0")}{Range([.. t.Select(r => r.ReceivedPerSecond)])} | {Median(t.Select(r => r.SentPerSecond), "N0")} | {Median(t.Select(r => r.Lost), "N0")} | {Median(delivered, "P2")}{(ofPublished.Length > 0 ? $"; {Median(ofPublished, "P3")} (lowest {ofPublished.Min():P3})" : "")} | {(row.Side == Side.BusReliable && repair.Length > 0 ? $"{repair.Sum(r => r.Unrecoverable):N0} / {Median(repair.Select(r => (double)r.Recovered), "N0")} (unrecoverable: all rounds)" : "")} | {Median(t.Select(r => r.SenderCpuMicroseconds), "F2")} | {Median(t.Select(r => r.ReceiverCpuMicroseconds), "F2")} | {Median(l.Select(r => r.P50), "F1")} / {Median(l.Select(r => r.P90), "F1")} / {Median(l.Select(r => r.P99), "F1")} | {nft} |"));
        }

        text.AppendLine();
        double MedianOf(Row row, Func<ThroughputRun, double>? ofThroughput, Func<LatencyRun, double>? ofLatency) =>
            !throughput.TryGetValue(row, out var t) ? double.NaN
            : ofThroughput is not null ? RoundWindow.Median(t.Select(ofThroughput))
            : RoundWindow.Median(latency[row].Select(ofLatency!));
        string Ratio(Row over, Row under, Func<ThroughputRun, double>? ofThroughput, Func<LatencyRun, double>? ofLatency = null)
        {
            var ratio = MedianOf(over, ofThroughput, ofLatency) / MedianOf(under, ofThroughput, ofLatency);
            return double.IsFinite(ratio) ? Invariant($"{ratio:F3}x") : "n/a";
        }

        foreach (var size in options.Sizes)
        {
            foreach (var bus in new[] { Side.Bus, Side.BusReliable })
            {
                Row ofBus = new(bus, size, null), cyclone = new(Side.CycloneReliable, size, null);
                if (throughput.ContainsKey(ofBus) && throughput.ContainsKey(cyclone))
                {
                    text.AppendLine(Invariant($"- {size}-byte baggage, {Label(bus, options.Publish)} / Cyclone RELIABLE, loopback (same run): received samples/s {Ratio(ofBus, cyclone, r => r.ReceivedPerSecond)}, sender CPU per sample {Ratio(ofBus, cyclone, r => r.SenderCpuMicroseconds)}, receiver CPU per sample {Ratio(ofBus, cyclone, r => r.ReceiverCpuMicroseconds)}, RTT p50 {Ratio(ofBus, cyclone, null, r => r.P50)}, p99 {Ratio(ofBus, cyclone, null, r => r.P99)}"));
                }
            }

            // Under loss, each side against itself without loss: in the lab at 0 % when that ran, else on loopback.
            foreach (var loss in options.Losses.Where(loss => loss > 0))
            {
                foreach (var side in LossySides)
                {
                    var lossless = options.Losses.Contains(0) ? new Row(side, size, 0) : new Row(side, size, null);
                    Row lossy = new(side, size, loss);
                    if (throughput.ContainsKey(lossy) && throughput.ContainsKey(lossless))
                    {
                        text.AppendLine(Invariant($"- {size}-byte baggage, {Label(side, options.Publish)}: at {loss} % loss / lossless ({Network(lossless)}): received samples/s {Ratio(lossy, lossless, r => r.ReceivedPerSecond)}, RTT p50 {Ratio(lossy, lossless, null, r => r.P50)}, p99 {Ratio(lossy, lossless, null, r => r.P99)}"));
                    }
                }

                Row reliable = new(Side.BusReliable, size, loss), cycloneLossy = new(Side.CycloneReliable, size, loss);
                if (throughput.ContainsKey(reliable) && throughput.ContainsKey(cycloneLossy))
                {
                    text.AppendLine(Invariant($"- {size}-byte baggage, at {loss} % loss: reliable bus / Cyclone RELIABLE received samples/s {Ratio(reliable, cycloneLossy, r => r.ReceivedPerSecond)}"));
                }
            }
        }

        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record ThroughputRun(
        double Seconds, double ReceivedPerSecond, double SentPerSecond, double Lost, double SenderCpuMicroseconds, double ReceiverCpuMicroseconds,
        double? DeliveredOfPublished, (long Unrecoverable, long Recovered, long Naks)? Repair, (long Seen, long Dropped)? Nft);

    private sealed record LatencyRun(double P50, double P90, double P99, long Count, (long Seen, long Dropped)? Nft);
}
