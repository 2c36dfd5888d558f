using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Analyzers;

namespace TypedDgram.Generators.Tests.Analyzers.Infrastructure;

/// <summary>
/// The analyzers' switch that turns every syntax and operation gate off (<see cref="AnalyzerGates"/>), as a global
/// analyzer config: a gate may only save work, so every test runs with it too and must report the same.
/// </summary>
internal static class OpenGates
{
    /// <summary>The global config file that opens the gates, for the Roslyn testing library.</summary>
    public static (string Path, string Text) ConfigFile { get; } = ("/.globalconfig", $"is_global = true\n{AnalyzerGates.OpenGatesKey} = true\n");

    /// <summary>Analyzer options whose global options open the gates.</summary>
    public static AnalyzerOptions Options { get; } = new([], new Provider());

    private sealed class Provider : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(ImmutableDictionary<string, string>.Empty.Add(AnalyzerGates.OpenGatesKey, "true"));

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Values.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Values.Empty;
    }

    private sealed class Values(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static Values Empty { get; } = new(ImmutableDictionary<string, string>.Empty);

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
