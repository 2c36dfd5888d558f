using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Analyzers.Flow;

namespace TypedDgram.Analyzer.Benchmarks;

/// <summary>
/// A quick look without BenchmarkDotNet: the diagnostics found on the benchmark's compilation (there should be
/// none: it is correct code), then rounds that time each configuration in turn, so load from other processes on a
/// shared machine spreads over all of them (median wall time); and the time spent inside the TypedDgram analyzers'
/// own callbacks, measured by wrapping them (<see cref="TimedAnalyzer"/>).
/// </summary>
internal static class Census
{
    public static void Print(int rounds)
    {
        var benchmark = new AnalyzerCostBenchmarks();
        benchmark.Setup();
        var all = AnalyzerCostBenchmarks.TypedDgramAnalyzers();
        var flow = all.Where(a => a is SocketFlowAnalyzer).ToImmutableArray();
        var perCall = all.Where(a => a is not SocketFlowAnalyzer).ToImmutableArray();

        var found = benchmark.NewCompilation()
            .WithAnalyzers(all)
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{AnalyzerCostBenchmarks.Methods} methods; analyzer diagnostics: {found.Length}"));
        foreach (var diagnostic in found.Take(10))
        {
            Console.WriteLine("  " + diagnostic);
        }

        var configurations = new (string Name, Action Run)[]
        {
            ("compiler diagnostics only", () => benchmark.CompilerOnly()),
            ("+ do-nothing operation analyzer", () => benchmark.WithReferenceAnalyzer()),
            ("+ syntax analyzer binding calls", () => benchmark.WithBindingAnalyzer()),
            ("+ do-nothing syntax analyzer", () => benchmark.WithSyntaxAnalyzer()),
            ("+ empty analyzer", () => benchmark.Analyze([new EmptyAnalyzerProbe()])),
            ("+ all TypedDgram analyzers", () => benchmark.Analyze(all)),
        };
        var wall = configurations.Select(_ => new List<double>()).ToArray();
        for (var round = -1; round < rounds; round++)
        {
            for (var i = 0; i < configurations.Length; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var watch = Stopwatch.StartNew();
                configurations[i].Run();
                watch.Stop();
                if (round >= 0)
                {
                    // round -1 warms the JIT on every path
                    wall[i].Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }

        // the time spent inside the TypedDgram analyzers' own callbacks (their control-flow graphs included), against the
        // compiler alone, in rounds as above
        var own = new List<double>();
        var compilerOnly = new List<double>();
        var byAnalyzer = all.ToDictionary(a => a.GetType().Name, _ => new List<double>());
        for (var round = -1; round < rounds; round++)
        {
            var timed = all.Select(analyzer => new TimedAnalyzer(analyzer)).ToImmutableArray();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            benchmark.CompilerOnly();
            var compiler = watch.Elapsed.TotalMilliseconds;
            benchmark.Analyze(timed.CastArray<DiagnosticAnalyzer>());
            if (round >= 0)
            {
                compilerOnly.Add(compiler);
                own.Add(timed.Sum(t => t.Elapsed.TotalMilliseconds));
                for (var i = 0; i < all.Length; i++)
                {
                    byAnalyzer[all[i].GetType().Name].Add(timed[i].Elapsed.TotalMilliseconds);
                }
            }
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"time in TypedDgram analyzer code (median of {rounds}): {Median(own):F0} ms, {Median(own) / Median(compilerOnly):P1} of the compiler alone ({Median(compilerOnly):F0} ms)"));

        foreach (var pair in byAnalyzer.OrderByDescending(p => Median(p.Value)))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {pair.Key,-36} {Median(pair.Value),6:F1} ms"));
        }

        var baseWall = Median(wall[0]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"medians of {rounds} interleaved rounds:"));
        for (var i = 0; i < configurations.Length; i++)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {configurations[i].Name,-34} {Median(wall[i]),7:F0} ms ({Median(wall[i]) / baseWall,5:F2})"));
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
