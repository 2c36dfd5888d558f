using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedDgram.Analyzer.Benchmarks;

/// <summary>
/// An analyzer that registers nothing but an empty compilation start: what merely running the analyzer driver costs
/// (the compilation events it has the compiler queue, and its own bookkeeping), the floor under every
/// analyzer, so that what an analyzer adds can be told from what the driver costs.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class EmptyAnalyzerProbe : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new("BENCH009", "never reported", "never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Never];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(_ => { });
    }
}
