using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Analyzers.Flow;

namespace TypedDgram.Analyzer.Benchmarks;

/// <summary>
/// A quick look without BenchmarkDotNet: which SDK analyzers were loaded and what every analyzer set finds on the
/// benchmark's compilation (the TypedDgram rules should find nothing: it is correct code); then rounds that time each
/// configuration in turn, in wall time and in this process's CPU time (the work on every thread: even without concurrent
/// analysis the driver's runs use more CPU than wall time, so wall time alone hides part of their work), starting each
/// round one configuration later so no configuration always follows the same one, and collecting garbage before each
/// run, so load from other processes on a shared machine spreads over all of them (medians); the ratios against the
/// compiler alone, against the driver's floor (an analyzer that registers nothing) and against the SDK's default
/// analyzers, and what the TypedDgram analyzers add on top of each floor; and the time spent inside the TypedDgram
/// analyzers' own callbacks, measured by wrapping them (<see cref="TimedAnalyzer"/>).
/// </summary>
internal static class Census
{
    private const string CompilerOnly = "compiler diagnostics only";
    private const string Floor = "+ empty analyzer (driver floor)";
    private const string TypedDgramAlone = "+ TypedDgram analyzers";
    private const string Sdk = "+ SDK default analyzers";
    private const string SdkAndTypedDgram = "+ SDK default + TypedDgram analyzers";

    public static void Print(int rounds)
    {
        var benchmark = new AnalyzerCostBenchmarks();
        benchmark.Setup();
        var all = benchmark.TypedDgram;
        var sdk = LoadedSdk(benchmark);

        var found = benchmark.WithAnalyzers(all).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Line($"{AnalyzerCostBenchmarks.Methods} methods; TypedDgram analyzer diagnostics: {found.Length}");
        foreach (var diagnostic in found.Take(10))
        {
            Console.WriteLine("  " + diagnostic);
        }

        if (sdk is not null)
        {
            var sdkFound = benchmark.WithAnalyzers(benchmark.SdkInBuild, sdk).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            Line($"SDK default analyzer diagnostics (the analyzers a build runs): {sdkFound.Length} {string.Join(", ", sdkFound.GroupBy(d => d.Id).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ×{g.Count()}"))}");
            foreach (var failure in sdkFound.Where(d => d.Id == "AD0001").Take(3))
            {
                Console.WriteLine("  " + failure);
            }
        }

        var configurations = new List<(string Name, Action Run)>
        {
            (CompilerOnly, () => benchmark.CompilerOnly()),
            (Floor, () => benchmark.WithEmptyAnalyzer()),
            ("+ do-nothing operation analyzer", () => benchmark.WithReferenceAnalyzer()),
            ("+ do-nothing syntax analyzer", () => benchmark.WithSyntaxAnalyzer()),
            ("+ syntax analyzer binding calls", () => benchmark.WithBindingAnalyzer()),
            (TypedDgramAlone, () => benchmark.WithTypedDgramAnalyzers()),
        };
        if (sdk is not null)
        {
            configurations.Add((Sdk, () => benchmark.WithSdkDefaultAnalyzers()));
            configurations.Add((SdkAndTypedDgram, () => benchmark.WithSdkDefaultAndTypedDgramAnalyzers()));
        }

        var wall = configurations.ToDictionary(c => c.Name, _ => new List<double>());
        var cpu = configurations.ToDictionary(c => c.Name, _ => new List<double>());
        for (var round = -1; round < rounds; round++)
        {
            for (var k = 0; k < configurations.Count; k++)
            {
                var (name, run) = configurations[(k + Math.Max(round, 0)) % configurations.Count];
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                var cpuBefore = ProcessorTime();
                var watch = Stopwatch.StartNew();
                run();
                watch.Stop();
                var cpuAfter = ProcessorTime();
                if (round >= 0)
                {
                    // round -1 warms the JIT on every path
                    wall[name].Add(watch.Elapsed.TotalMilliseconds);
                    cpu[name].Add((cpuAfter - cpuBefore).TotalMilliseconds);
                }
            }
        }

        Line($"medians of {rounds} interleaved rounds, wall and process CPU time, and ratios of the medians (wall/CPU):");
        var against = new List<string> { CompilerOnly, Floor };
        if (sdk is not null)
        {
            against.Add(Sdk);
        }

        Line($"  {"configuration",-38} {"wall ms",8} {"CPU ms",8}{string.Concat(against.Select(a => $"  {"÷ " + Short(a),12}"))}");
        foreach (var (name, _) in configurations)
        {
            Line($"  {name,-38} {Median(wall[name]),8:F0} {Median(cpu[name]),8:F0}{string.Concat(against.Select(a => $"  {Ratio(wall, name, a),5:F2}/{Ratio(cpu, name, a),-5:F2} "))}");
        }

        Line($"what the TypedDgram analyzers add, T(X + TypedDgram) / T(X) (ratio of medians; median of the {rounds} per-round ratios):");
        Marginal("X = the driver floor (the TypedDgram set alone runs the driver too)", Floor, TypedDgramAlone, wall, cpu);
        if (sdk is not null)
        {
            Marginal("X = the SDK default analyzers", Sdk, SdkAndTypedDgram, wall, cpu);
        }

        TimeTypedDgramCallbacks(benchmark, all, rounds);
    }

    private static SdkDefaultAnalyzers? LoadedSdk(AnalyzerCostBenchmarks benchmark)
    {
        try
        {
            var sdk = benchmark.Sdk;
            Line($"SDK default analyzers: {sdk.Analyzers.Length} C# analyzers, from:");
            foreach (var line in sdk.Loaded)
            {
                Console.WriteLine("  " + line);
            }

            Console.WriteLine("  configuration: " + string.Join("; ", sdk.ConfigFiles));
            Line($"  severities set by it: {string.Join(", ", sdk.GlobalSeverities.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key.ToUpperInvariant()}={p.Value}"))}");
            var inBuild = benchmark.SdkInBuild;
            Line($"  run as in a build (a rule at warning or error; csc skips the rest without /errorlog): {inBuild.Length} analyzers,");
            Console.WriteLine("    " + string.Join(", ", inBuild.Select(a => a.GetType().Name).Order(StringComparer.Ordinal)));
            Line($"  rules they can report: {string.Join(" ", inBuild.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Order(StringComparer.Ordinal))}");
            return sdk;
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine(e.Message + "; the SDK configurations are left out");
            return null;
        }
    }

    // the time spent inside the TypedDgram analyzers' own callbacks (the control-flow graphs they ask for included),
    // against the compiler alone, in rounds as above
    private static void TimeTypedDgramCallbacks(AnalyzerCostBenchmarks benchmark, ImmutableArray<DiagnosticAnalyzer> all, int rounds)
    {
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

        Line($"time in TypedDgram analyzer code (median of {rounds}): {Median(own):F0} ms, {Median(own) / Median(compilerOnly):P1} of the compiler alone ({Median(compilerOnly):F0} ms)");
        foreach (var pair in byAnalyzer.OrderByDescending(p => Median(p.Value)))
        {
            Line($"  {pair.Key,-36} {Median(pair.Value),6:F1} ms");
        }

        var flow = all.Count(a => a is SocketFlowAnalyzer);
        Line($"  ({flow} flow analyzer(s), {all.Length - flow} per-call)");
    }

    private static void Marginal(string label, string x, string withTypedDgram, Dictionary<string, List<double>> wall, Dictionary<string, List<double>> cpu) =>
        Line($"  {label}: wall {Ratio(wall, withTypedDgram, x):F3} ({PairedRatio(wall, withTypedDgram, x):F3}), CPU {Ratio(cpu, withTypedDgram, x):F3} ({PairedRatio(cpu, withTypedDgram, x):F3})");

    private static double Ratio(Dictionary<string, List<double>> times, string name, string baseline) => Median(times[name]) / Median(times[baseline]);

    // each round's own ratio, so slow drifts in the machine's load cancel within the round
    private static double PairedRatio(Dictionary<string, List<double>> times, string name, string baseline) =>
        Median(times[name].Zip(times[baseline], (a, b) => a / b).ToList());

    private static string Short(string name) => name switch
    {
        CompilerOnly => "compiler",
        Floor => "floor",
        _ => "SDK",
    };

    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static void Line(FormattableString text) => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
