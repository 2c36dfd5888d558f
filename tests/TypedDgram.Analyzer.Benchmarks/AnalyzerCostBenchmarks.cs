using System.Collections.Immutable;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Analyzers;

namespace TypedDgram.Analyzer.Benchmarks;

/// <summary>
/// The diagnostics time of one compilation of 2,000 socket-using methods: the compiler alone (baseline), with the
/// TypedDgram analyzers, and with a do-nothing operation analyzer (the driver's own cost). Single-threaded on both
/// sides (no concurrent build, no concurrent analysis) so the ratio is work, not scheduling on a shared machine.
/// Each iteration builds a fresh compilation from the same parsed trees: binding is redone, parsing is not.
/// </summary>
public class AnalyzerCostBenchmarks
{
    public const int Methods = 2_000;

    private ImmutableArray<SyntaxTree> _trees;
    private ImmutableArray<MetadataReference> _references;
    private ImmutableArray<DiagnosticAnalyzer> _typedDgram;
    private ImmutableArray<DiagnosticAnalyzer> _reference;
    private ImmutableArray<DiagnosticAnalyzer> _binding;
    private ImmutableArray<DiagnosticAnalyzer> _syntax;

    [GlobalSetup]
    public void Setup()
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        _trees = SocketCodeCorpus.Generate(Methods).Select((text, i) => CSharpSyntaxTree.ParseText(text, parse, path: $"Peer{i}.cs")).ToImmutableArray();
        _references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(TypedDgram.Sockets.DgramSocket).Assembly.Location))
            .ToImmutableArray();
        _typedDgram = TypedDgramAnalyzers();
        _reference = [new ReferenceOperationAnalyzer()];
        _binding = [new ReferenceBindingAnalyzer()];
        _syntax = [new ReferenceSyntaxAnalyzer()];

        var errors = NewCompilation().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("the generated code does not compile:\n" + string.Join("\n", errors.Take(10)));
        }
    }

    [Benchmark(Baseline = true, Description = "compiler diagnostics only")]
    public int CompilerOnly() => NewCompilation().GetDiagnostics().Length;

    [Benchmark(Description = "compiler + TypedDgram analyzers")]
    public int WithTypedDgramAnalyzers() => Analyze(_typedDgram);

    [Benchmark(Description = "compiler + a do-nothing operation analyzer")]
    public int WithReferenceAnalyzer() => Analyze(_reference);

    [Benchmark(Description = "compiler + a syntax analyzer that binds every call")]
    public int WithBindingAnalyzer() => Analyze(_binding);

    [Benchmark(Description = "compiler + a do-nothing syntax analyzer")]
    public int WithSyntaxAnalyzer() => Analyze(_syntax);

    /// <summary>Every TDG0xxx analyzer (the socket rules), found as the compiler finds them.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> TypedDgramAnalyzers() =>
        typeof(SendOffsetLengthAnalyzer).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .Where(analyzer => analyzer.SupportedDiagnostics.All(d => d.Id.StartsWith("TDG0", StringComparison.Ordinal)))
            .ToImmutableArray();

    internal CSharpCompilation NewCompilation() =>
        CSharpCompilation.Create(
            "Generated",
            _trees,
            _references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));

    internal int Analyze(ImmutableArray<DiagnosticAnalyzer> analyzers, bool logTime = false) =>
        NewCompilation()
            .WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: logTime))
            .GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;
}
