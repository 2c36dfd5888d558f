using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace TypedDgram.Analyzer.Benchmarks;

/// <summary>
/// The rule severities a build's <c>/analyzerconfig:</c> files set (<c>dotnet_diagnostic.ID.severity</c>), given to
/// the compilation as the compiler gives them: global ones for every file, then each file's own. The driver reads
/// them to report at the configured severity and to skip analyzers whose every rule is off.
/// </summary>
internal sealed class ConfigSetSeverities(AnalyzerConfigSet set) : SyntaxTreeOptionsProvider
{
    private readonly ImmutableDictionary<string, ReportDiagnostic> _global = set.GlobalConfigOptions.TreeOptions;
    private readonly ConcurrentDictionary<string, ImmutableDictionary<string, ReportDiagnostic>> _byPath = new(StringComparer.Ordinal);

    // a default project has no .editorconfig marking files generated; the compiler then decides from names and headers
    public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.Unknown;

    public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
        _byPath.GetOrAdd(tree.FilePath, path => set.GetOptionsForSourcePath(path).TreeOptions).TryGetValue(diagnosticId, out severity);

    public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
        _global.TryGetValue(diagnosticId, out severity);
}
