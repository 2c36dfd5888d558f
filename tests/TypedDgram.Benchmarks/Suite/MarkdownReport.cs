using System.Globalization;
using System.Text;
using TypedDgram.Benchmarks.Records;
using TypedDgram.Benchmarks.Throughput;

namespace TypedDgram.Benchmarks.Suite;

/// <summary>Turns one run's results into the markdown block of docs/benchmarks.md: machine, tables, ratios and targets.</summary>
public sealed class MarkdownReport(
    SuiteOptions options,
    Machine machine,
    string loadAfter,
    DateTimeOffset started,
    TimeSpan took,
    List<MicroResult> micro,
    List<ThroughputResult> throughput,
    List<string> skipped,
    bool pinned)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly StringBuilder _text = new();

    public string Build()
    {
        Line("## Runtime benchmarks");
        Line();
        Line($"Written by `tests/TypedDgram.Benchmarks/run{(options.Dry ? " --dry" : "")}` on {started:yyyy-MM-dd HH:mm} UTC ({took.TotalSeconds:F0} s). " +
            "Every number below comes from that one run, so the ratios compare implementations under the same conditions; " +
            "the machine is shared, so absolute numbers move between runs more than the ratios do.");
        Line();
        Line("| Machine | |");
        Line("|---|---|");
        Line($"| CPU | {machine.Cpu}, {machine.Cores} logical cores |");
        Line($"| Kernel | Linux {machine.Kernel} |");
        Line($"| .NET | {machine.Runtime} (SDK {machine.Sdk}) |");
        Line($"| Node.js | {machine.NodeVersion} |");
        Line($"| C compiler | {machine.CompilerVersion} |");
        Line($"| Load average (1/5/15 min) | {machine.LoadAverage} before, {loadAfter} after |");
        Line();
        Serialization();
        Throughput();
        Allocation();
        Targets();
        if (skipped.Count > 0)
        {
            Line("### Skipped");
            Line();
            foreach (var reason in skipped)
            {
                Line($"- {reason}");
            }

            Line();
        }

        Line("How each number is made: `tests/TypedDgram.Benchmarks/README.md`.");
        return _text.ToString();
    }

    private void Serialization()
    {
        Line("### Serialization");
        Line();
        Line("BenchmarkDotNet (in-process, MemoryDiagnoser), one record per operation. TypedDgram and MessagePack-CSharp " +
            "(`[MessagePackObject]`, `[Key]` array form) write the same bytes, checked before the run; MemoryPack writes its own format. " +
            "Serializing writes into a reused buffer; deserializing allocates the record and its strings and arrays.");
        Line();
        var sizes = Samples.Sizes().ToDictionary(s => s.Name);
        Line("| Record | Operation | TypedDgram | MessagePack-CSharp | MemoryPack | TypedDgram vs MessagePack |");
        Line("|---|---|--:|--:|--:|--:|");
        foreach (var (record, type) in new[] { ("small", "SmallRecordBenchmarks"), ("medium", "MediumRecordBenchmarks"), ("large", "LargeRecordBenchmarks") })
        {
            var size = sizes[record];
            foreach (var operation in new[] { "Serialize", "Deserialize" })
            {
                var typed = Find(type, "TypedDgram_" + operation);
                var messagePack = Find(type, "MessagePack_" + operation);
                var memoryPack = Find(type, "MemoryPack_" + operation);
                Line($"| {record} ({size.MessagePackBytes} B; MemoryPack {size.MemoryPackBytes} B) | {operation.ToLowerInvariant()} | {Cell(typed)} | {Cell(messagePack)} | {Cell(memoryPack)} | **{Speedup(messagePack, typed)}** |");
            }
        }

        Line();
        Line("\"TypedDgram vs MessagePack\" is MessagePack-CSharp's time divided by TypedDgram's: above 1.00x, TypedDgram is faster.");
        Line();
    }

    private void Throughput()
    {
        Line("### Loopback throughput");
        Line();
        Line($"Datagrams per second received, sender and receiver in separate processes on 127.0.0.1" +
            (pinned ? " (sender pinned to the first CPU, receiver to the last, with `taskset`)" : "") +
            $", each sender as fast as it can go for {options.Seconds.ToString(Invariant)} s after {options.Warmup.ToString(Invariant)} s of warm-up " +
            "(every sending loop is bounded in time and count). " +
            $"Each row is the median of {options.Rounds} runs, taken round-robin across the rows; the range is the lowest and highest run. " +
            "Dropped = sent but not received (the receiver's socket buffer overflowed). CPU = microseconds of each process's CPU time " +
            "(all threads, user + system) per datagram sent or received: on a shared machine the datagrams per second follow how much " +
            "CPU each process gets, while the CPU per datagram is the cost of the implementation itself. .NET processes run with " +
            "`DOTNET_TC_CallCountingDelayMs=0` so that tiered compilation reaches optimized code within the warm-up. " +
            "Ratios compare datagrams received per second.");
        Line();
        foreach (var size in throughput.Select(r => r.Size).Distinct())
        {
            var rows = throughput.Where(r => r.Size == size).ToList();
            var dotnet = Rate(rows, Implementations.DotnetSocket);
            var node = Rate(rows, Implementations.Node);
            var c = Rate(rows, Implementations.CSendTo);
            Line($"**{size.ToString("N0", Invariant)}-byte datagrams**");
            Line();
            Line("| Implementation | received/s (range) | sent/s | dropped | CPU us/datagram (send + receive) | vs .NET socket | vs Node | vs C sendto |");
            Line("|---|--:|--:|--:|--:|--:|--:|--:|");
            foreach (var row in rows)
            {
                if (row.Skipped is not null)
                {
                    Line($"| {row.Implementation.Label} | failed: {row.Skipped.Replace('|', '/')} | | | | | | |");
                    continue;
                }

                var range = row.Rounds.Count > 1 ? $" ({Thousands(row.Rounds[0])}-{Thousands(row.Rounds[^1])})" : "";
                Line($"| {row.Implementation.Label} | {row.ReceivedPerSecond.ToString("N0", Invariant)}{range} | {row.SentPerSecond.ToString("N0", Invariant)} | " +
                    $"{Percent(row.Dropped, row.Sent)} | {row.SenderCpuMicroseconds.ToString("F2", Invariant)} + {row.ReceiverCpuMicroseconds.ToString("F2", Invariant)} | " +
                    $"{Ratio(row.ReceivedPerSecond, dotnet)} | {Ratio(row.ReceivedPerSecond, node)} | {Ratio(row.ReceivedPerSecond, c)} |");
            }

            Line();
        }

        Line(BatchingNote);
        Line();
    }

    private const string BatchingNote =
        "`Batching = true` sends runs of equal datagrams to one destination as one UDP GSO message and receives them through " +
        "UDP GRO; none of the C programs does, so its ratio to C sendto compares TypedDgram's batched path with the plain loop " +
        "the issue names, not with the fastest C program possible (C with sendmmsg alone is the row above it).";

    private static string Thousands(double value) => (value / 1000).ToString("N0", Invariant) + "k";

    private void Allocation()
    {
        Line("### Allocation per datagram");
        Line();
        Line("Steady state, from the throughput runs above: bytes the sending and the receiving process allocated during the measured " +
            "window (all threads, `GC.GetTotalAllocatedBytes(precise: true)`), divided by the datagrams sent or received. " +
            $"A typed receive must allocate the message it delivers: the `Blob` record and its `byte[]`, {MessageSize.Of(64)} bytes for the " +
            $"64-byte datagram and {MessageSize.Of(1200)} for the 1,200-byte one; \"beyond the message\" subtracts that.");
        Line();
        Line("| Path | size | sender B/datagram | receiver B/datagram | receiver beyond the message |");
        Line("|---|--:|--:|--:|--:|");
        foreach (var row in throughput.Where(r => r.Skipped is null && r.SenderAllocated >= 0))
        {
            var typed = row.Implementation.Key is Implementations.Typed or Implementations.Batched;
            var message = typed ? MessageBytes(row.Size) : 0;
            Line($"| {row.Implementation.Label} | {row.Size} | {Bytes(row.SenderBytesPerDatagram)} | {Bytes(row.ReceiverBytesPerDatagram)} | " +
                $"{(typed ? Bytes(row.ReceiverBytesPerDatagram - message) : "n/a")} |");
        }

        Line();
        Line("BenchmarkDotNet's view of the same hot path, one operation at a time in one process:");
        Line();
        Line("| Operation | time | allocated |");
        Line("|---|--:|--:|");
        foreach (var result in micro.Where(r => r.Type == "HotPathBenchmarks"))
        {
            Line($"| {result.Method} | {Nanoseconds(result.MeanNanoseconds)} | {result.AllocatedBytes} B |");
        }

        Line();
    }

    private void Targets()
    {
        Line("### Targets (issue 6)");
        Line();
        Line("| Target | Measured | Met |");
        Line("|---|---|:-:|");
        foreach (var (record, type) in new[] { ("small", "SmallRecordBenchmarks"), ("medium", "MediumRecordBenchmarks"), ("large", "LargeRecordBenchmarks") })
        {
            foreach (var operation in new[] { "Serialize", "Deserialize" })
            {
                var typed = Find(type, "TypedDgram_" + operation);
                var messagePack = Find(type, "MessagePack_" + operation);
                var ratio = typed is null || messagePack is null ? double.NaN : messagePack.MeanNanoseconds / typed.MeanNanoseconds;
                Target($"{record}: generated {operation.ToLowerInvariant()} >= MessagePack-CSharp", $"{ratio.ToString("F2", Invariant)}x", ratio >= 1.0);
            }

            var serialize = Find(type, "TypedDgram_Serialize");
            Target($"{record}: 0 B allocated to serialize", $"{serialize?.AllocatedBytes} B", serialize?.AllocatedBytes == 0);
            var deserialize = Find(type, "TypedDgram_Deserialize");
            var reference = Find(type, "MessagePack_Deserialize");
            Target($"{record}: deserialize allocates only the record, its strings and arrays", $"{deserialize?.AllocatedBytes} B (MessagePack-CSharp: {reference?.AllocatedBytes} B)",
                deserialize is not null && reference is not null && deserialize.AllocatedBytes <= reference.AllocatedBytes);
        }

        foreach (var size in throughput.Select(r => r.Size).Distinct())
        {
            var rows = throughput.Where(r => r.Size == size).ToList();
            var typed = Rate(rows, Implementations.Typed);
            var dotnet = Rate(rows, Implementations.DotnetSocket);
            var node = Rate(rows, Implementations.Node);
            var c = Rate(rows, Implementations.CSendTo);
            var batched = Rate(rows, Implementations.Batched);
            Target($"{size} B: typed send + receive + dispatch >= 0.9x the .NET socket", $"{Ratio(typed, dotnet)} (CPU per datagram: {Cpu(rows, Implementations.Typed)} us, .NET socket {Cpu(rows, Implementations.DotnetSocket)} us)", typed / dotnet >= 0.9);
            Target($"{size} B: typed above Node.js dgram", $"{Ratio(typed, node)} (CPU per datagram, send + receive: {Cpu(rows, Implementations.Typed)} us, Node {Cpu(rows, Implementations.Node)} us)", typed > node);
            Target($"{size} B: batched typed >= 1.2x the C sendto loop", Ratio(batched, c), batched / c >= 1.2);
            foreach (var (key, label) in new[] { (Implementations.TypedRaw, "TypedDgram raw Send(bytes, port, \"127.0.0.1\")") }.Concat(Implementations.RealisticShapes))
            {
                // Issue 14: the string-address send and the realistic contracts, against the .NET socket and Node.
                var rate = Rate(rows, key);
                Target($"{size} B: {label} >= 0.95x the .NET socket (issue 14)", $"{Ratio(rate, dotnet)} (CPU per datagram: {Cpu(rows, key)} us)", rate / dotnet >= 0.95);
                Target($"{size} B: {label} above Node.js dgram (issue 14)", Ratio(rate, node), rate > node);
            }
            if (rows.FirstOrDefault(r => r.Implementation.Key == Implementations.Typed && r.Skipped is null) is { } row)
            {
                Target($"{size} B: typed send allocates 0 B per datagram (steady state)", Bytes(row.SenderBytesPerDatagram), row.SenderBytesPerDatagram < 0.5);
                var beyond = row.ReceiverBytesPerDatagram - MessageBytes(size);
                Target($"{size} B: typed receive + dispatch allocates 0 B beyond the message", Bytes(beyond), beyond < 0.5);
            }
        }

        Line();
    }

    private static long MessageBytes(int size) => MessageSize.Of(size);

    private MicroResult? Find(string type, string method) => micro.FirstOrDefault(r => r.Type == type && r.Method == method);

    private static double Rate(List<ThroughputResult> rows, string key) =>
        rows.FirstOrDefault(r => r.Implementation.Key == key && r.Skipped is null)?.ReceivedPerSecond ?? double.NaN;

    private static string Cpu(List<ThroughputResult> rows, string key) =>
        rows.FirstOrDefault(r => r.Implementation.Key == key && r.Skipped is null) is { } row
            ? (row.SenderCpuMicroseconds + row.ReceiverCpuMicroseconds).ToString("F2", Invariant)
            : "n/a";

    private void Target(string target, string measured, bool met) => Line($"| {target} | {measured} | {(met ? "yes" : "**no**")} |");

    private static string Cell(MicroResult? result) =>
        result is null ? "n/a" : $"{Nanoseconds(result.MeanNanoseconds)}, {result.AllocatedBytes} B";

    private static string Nanoseconds(double value) => double.IsNaN(value) ? "n/a" : value.ToString(value < 100 ? "F1" : "N0", Invariant) + " ns";

    private static string Speedup(MicroResult? baseline, MicroResult? candidate) =>
        baseline is null || candidate is null ? "n/a" : (baseline.MeanNanoseconds / candidate.MeanNanoseconds).ToString("F2", Invariant) + "x";

    private static string Ratio(double value, double baseline) =>
        double.IsNaN(value) || double.IsNaN(baseline) || baseline == 0 ? "n/a" : (value / baseline).ToString("F2", Invariant) + "x";

    private static string Percent(long part, long whole) => whole == 0 ? "0%" : ((double)part / whole).ToString("P1", Invariant);

    private static string Bytes(double value) => double.IsNaN(value) ? "n/a" : Math.Max(0, value).ToString("F1", Invariant);

    private void Line(string text = "") => _text.Append(text).Append('\n');
}
