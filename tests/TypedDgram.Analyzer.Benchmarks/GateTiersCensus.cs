using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedDgram.Analyzer.Benchmarks;

/// <summary>
/// What each tier of the analyzers' gates saves: the TypedDgram analyzers on the benchmark's compilation as shipped,
/// with one tier opened (the analyzers' <c>typeddgram_analyzers.open_gates</c> switch: <c>call_syntax</c>,
/// <c>flow_syntax</c>, <c>flow_operations</c>), and with every tier open, in interleaved rounds as <see cref="Census"/>
/// takes them, against the driver floor. Every configuration must report the same diagnostics (a gate only saves work).
/// </summary>
internal static class GateTiersCensus
{
    public static void Print(int rounds)
    {
        var benchmark = new AnalyzerCostBenchmarks();
        benchmark.Setup();
        var analyzers = benchmark.TypedDgram;
        var configurations = new List<(string Name, AnalyzerOptions? Options)>
        {
            ("+ empty analyzer (driver floor)", null),
            ("+ TypedDgram, as shipped", Options(null)),
            ("+ TypedDgram, call syntax gates open", Options("call_syntax")),
            ("+ TypedDgram, flow syntax census open", Options("flow_syntax")),
            ("+ TypedDgram, flow operation census open", Options("flow_operations")),
            ("+ TypedDgram, every gate open", Options("true")),
        };

        string? reference = null;
        foreach (var (name, options) in configurations.Skip(1))
        {
            var found = benchmark.WithAnalyzers(analyzers, options!).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            var text = string.Join("\n", found.Select(d => d.ToString()).Order(StringComparer.Ordinal));
            reference ??= text;
            Console.WriteLine($"{name}: {found.Length} diagnostics{(text == reference ? "" : " (DIFFERENT from as shipped)")}");
        }

        var wall = configurations.ToDictionary(c => c.Name, _ => new List<double>());
        for (var round = -1; round < rounds; round++)
        {
            for (var k = 0; k < configurations.Count; k++)
            {
                var (name, options) = configurations[(k + Math.Max(round, 0)) % configurations.Count];
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                var watch = Stopwatch.StartNew();
                if (options is null)
                {
                    benchmark.WithEmptyAnalyzer();
                }
                else
                {
                    benchmark.WithAnalyzers(analyzers, options).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
                }

                watch.Stop();
                if (round >= 0)
                {
                    wall[name].Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }

        var floor = Median(wall[configurations[0].Name]);
        var shipped = Median(wall[configurations[1].Name]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"medians of {rounds} interleaved rounds (wall):"));
        foreach (var (name, _) in configurations)
        {
            var median = Median(wall[name]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-44} {median,7:F0} ms  ÷ floor {median / floor,5:F3}  ÷ as shipped {median / shipped,5:F3}"));
        }
    }

    private static AnalyzerOptions Options(string? open) => new([], new Provider(open));

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private sealed class Provider(string? open) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(open is null
            ? ImmutableDictionary<string, string>.Empty
            : ImmutableDictionary<string, string>.Empty.Add("typeddgram_analyzers.open_gates", open));

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Values.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Values.Empty;
    }

    private sealed class Values(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static Values Empty { get; } = new(ImmutableDictionary<string, string>.Empty);

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
