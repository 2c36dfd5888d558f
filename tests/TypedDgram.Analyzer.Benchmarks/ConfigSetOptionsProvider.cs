using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedDgram.Analyzer.Benchmarks;

/// <summary>
/// The analyzer options a build's <c>/analyzerconfig:</c> files give: the global keys (the <c>build_property.*</c>
/// values the SDK writes) for every analyzer, and each file's own keys, resolved once per path as the compiler does.
/// </summary>
internal sealed class ConfigSetOptionsProvider(AnalyzerConfigSet set) : AnalyzerConfigOptionsProvider
{
    private readonly ConcurrentDictionary<string, AnalyzerConfigOptions> _byPath = new(StringComparer.Ordinal);

    public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(set.GlobalConfigOptions.AnalyzerOptions);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => ForPath(tree.FilePath);

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => ForPath(textFile.Path);

    private AnalyzerConfigOptions ForPath(string path) =>
        _byPath.GetOrAdd(path, p => new DictionaryOptions(set.GetOptionsForSourcePath(p).AnalyzerOptions));

    private sealed class DictionaryOptions(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override IEnumerable<string> Keys => values.Keys;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
