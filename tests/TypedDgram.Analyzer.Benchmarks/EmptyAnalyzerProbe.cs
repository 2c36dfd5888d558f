using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
namespace TypedDgram.Analyzer.Benchmarks;
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class EmptyAnalyzerProbe : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Never = new("BENCH009", "never", "never", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Never];
    public override void Initialize(AnalysisContext context) { context.EnableConcurrentExecution(); context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None); context.RegisterCompilationStartAction(_ => { }); }
}
