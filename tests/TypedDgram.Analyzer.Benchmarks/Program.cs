// The analyzer cost benchmark. A short run (what docs/benchmarks.md reports):
//   dotnet run -c Release --project tests/TypedDgram.Analyzer.Benchmarks -- --filter '*'
// --census [rounds] instead: the diagnostics found, and interleaved stopwatch rounds (wall and CPU time) that also
// split the per-call rules from the flow rules.
// --gates [rounds]: the same rounds for the TypedDgram analyzers with each tier of gates opened in turn (what each
// tier saves), and a check that every configuration reports the same.
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using TypedDgram.Analyzer.Benchmarks;

if (args.Length > 0 && args[0] == "--gates")
{
    GateTiersCensus.Print(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}

if (args.Length > 0 && args[0] == "--census")
{
    Census.Print(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
    return;
}

// One compilation per operation (about a second): the monitoring strategy, two warm-ups and fifteen measured runs,
// in-process (nothing to build or restore at run time); the median resists the noise of a shared machine.
var config = DefaultConfig.Instance
    .AddJob(
        Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithWarmupCount(2)
            .WithIterationCount(15)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .AsDefault())
    .AddColumn(StatisticColumn.Median);
BenchmarkSwitcher.FromAssembly(typeof(AnalyzerCostBenchmarks).Assembly).Run(args, config);
