using System.Diagnostics;
using TypedDgram.Benchmarks.Records;
using TypedDgram.Benchmarks.Throughput;

namespace TypedDgram.Benchmarks.Suite;

/// <summary>
/// The whole suite in one run: check that TypedDgram and MessagePack-CSharp write the same bytes, the BenchmarkDotNet
/// classes, the throughput matrix, then the report block of docs/benchmarks.md.
/// </summary>
public static class SuiteRunner
{
    public static async Task<int> RunAsync(SuiteOptions options)
    {
        var log = Console.Out;
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var machine = Machine.Describe();
        log.WriteLine($"TypedDgram benchmarks ({(options.Dry ? "dry" : "short")}): {machine.Cores} cores, {machine.Cpu}, load {machine.LoadAverage}");

        Samples.VerifyIdenticalBytes();
        log.WriteLine("same bytes: TypedDgram and MessagePack-CSharp agree on the small, medium and large records");

        var micro = new List<MicroResult>();
        if (!options.ThroughputOnly)
        {
            var artifacts = Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts");
            var bdnLog = Path.Combine(artifacts, "suite.log");
            Directory.CreateDirectory(artifacts);
            log.WriteLine($"serialization and hot path (BenchmarkDotNet, log in {bdnLog}) ...");
            micro = MicroBenchmarks.Run(options.Dry, artifacts, bdnLog);
            foreach (var result in micro)
            {
                log.WriteLine($"  {result.Type,-24} {result.Method,-26} {result.MeanNanoseconds,10:F1} ns {result.AllocatedBytes,6} B");
            }

            if (micro.Count != MicroBenchmarks.Classes.Sum(c => c.GetMethods().Count(m => m.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false))) ||
                micro.Any(r => double.IsNaN(r.MeanNanoseconds)))
            {
                log.WriteLine($"some benchmarks did not run; see {bdnLog}");
                return 1;
            }
        }

        var skipped = new List<string>();
        var comparing = options.ChildBuilds.Count > 0;
        // Compared builds run their .NET rows; the other peers (Node, C) run once, beside them, when --only names them.
        List<Implementation> candidates = comparing
            ? [.. Implementations.FromBuilds(options.ChildBuilds), .. Implementations.Available(options.CBench, skipped).Where(i => !Implementations.IsDotnet(i.Key) && options.Only is not null)]
            : [.. Implementations.Available(options.CBench, skipped), .. options.Only is null ? [] : Implementations.Bus()];
        var implementations = candidates
            .Where(i => options.Only is null || options.Only.Contains(i.Key) || options.Only.Contains(i.Key[(i.Key.IndexOf(':', StringComparison.Ordinal) + 1)..]))
            .ToList();
        foreach (var reason in skipped)
        {
            log.WriteLine($"skipped: {reason}");
        }

        var sizes = options.Sizes;
        var pin = ThroughputRunner.CanPin;
        log.WriteLine($"loopback throughput, {options.Rounds} x {options.Seconds} s per implementation and size{(pin ? ", sender on CPU 0, receiver on the last CPU" : "")} ...");
        var runner = new ThroughputRunner(options.Seconds, options.Warmup, options.Rounds, pin, log);
        var throughput = await runner.RunAsync(implementations, sizes);
        var failed = throughput.Where(r => r.Skipped is not null).ToList();
        if (options.RunsOutput is { } runsOutput)
        {
            RunsFile.Write(runsOutput, runner.Runs);
            log.WriteLine($"wrote every run to {runsOutput}");
        }

        if (options.Output is { } output && !options.ThroughputOnly && options.Only is null && !comparing)
        {
            var block = new MarkdownReport(options, machine, Machine.LoadAverageNow(), started, clock.Elapsed, micro, throughput, skipped, pin).Build();
            ReportFile.Write(output, block);
            log.WriteLine($"wrote {output}");
        }

        log.WriteLine($"done in {clock.Elapsed.TotalSeconds:F0} s");
        return failed.Count == 0 ? 0 : 1;
    }
}
