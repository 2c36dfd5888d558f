using System.Collections.Immutable;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Analyzers;

namespace TypedDgram.Analyzer.Benchmarks;

/// <summary>
/// The diagnostics time of one compilation of 2,000 socket-using methods: the compiler alone (baseline); the analyzer
/// driver with an analyzer that registers nothing (the floor under any analyzer); do-nothing reference analyzers; the
/// analyzers every SDK build runs (<see cref="SdkDefaultAnalyzers"/>, with the SDK's configuration); and the TypedDgram
/// analyzers, alone and on top of the SDK's. No concurrent build and no concurrent analysis on any side, so the ratio
/// is mostly work, not scheduling on a shared machine (the driver still runs some work beside the compiler's on a
/// second thread: the census's CPU time shows it). Each iteration builds a fresh compilation from the same parsed
/// trees: binding is redone, parsing is not.
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
    private ImmutableArray<DiagnosticAnalyzer> _empty;
    private SdkDefaultAnalyzers? _sdk;
    private string _sdkFailure = string.Empty;
    private ImmutableArray<DiagnosticAnalyzer> _sdkInBuild;
    private ImmutableArray<DiagnosticAnalyzer> _sdkAndTypedDgram;

    /// <summary>The SDK's default analyzers and their configuration; throws with the reason when they could not be loaded.</summary>
    internal SdkDefaultAnalyzers Sdk => _sdk ?? throw new InvalidOperationException("the SDK's default analyzers are not available: " + _sdkFailure);

    /// <summary>The SDK's default analyzers that a command-line build runs (<see cref="SdkDefaultAnalyzers.RunsInBuild"/>).</summary>
    internal ImmutableArray<DiagnosticAnalyzer> SdkInBuild => _sdkInBuild;

    /// <summary>The TypedDgram analyzers (every TDG0xxx rule).</summary>
    internal ImmutableArray<DiagnosticAnalyzer> TypedDgram => _typedDgram;

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
        _empty = [new EmptyAnalyzerProbe()];
        try
        {
            _sdk = SdkDefaultAnalyzers.Load();
            _sdkInBuild = _sdk.AsInBuild(_sdk.Analyzers);
            _sdkAndTypedDgram = _sdk.AsInBuild(_sdk.Analyzers.AddRange(_typedDgram));
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            // the other configurations do not need them; the SDK ones report this when run
            _sdkFailure = e.Message;
        }

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

    [Benchmark(Description = "compiler + an empty analyzer (driver floor)")]
    public int WithEmptyAnalyzer() => Analyze(_empty);

    [Benchmark(Description = "compiler + SDK default analyzers")]
    public int WithSdkDefaultAnalyzers()
    {
        var sdk = Sdk;
        return Analyze(_sdkInBuild, sdk);
    }

    [Benchmark(Description = "compiler + SDK default + TypedDgram analyzers")]
    public int WithSdkDefaultAndTypedDgramAnalyzers()
    {
        var sdk = Sdk;
        return Analyze(_sdkAndTypedDgram, sdk);
    }

    /// <summary>Every TDG0xxx analyzer (the socket rules), found as the compiler finds them.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> TypedDgramAnalyzers() =>
        typeof(SendOffsetLengthAnalyzer).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .Where(analyzer => analyzer.SupportedDiagnostics.All(d => d.Id.StartsWith("TDG0", StringComparison.Ordinal)))
            .ToImmutableArray();

    /// <summary>A fresh compilation of the parsed trees; with <paramref name="sdk"/>, carrying the severities its configuration sets, as in an SDK build.</summary>
    internal CSharpCompilation NewCompilation(SdkDefaultAnalyzers? sdk = null) =>
        CSharpCompilation.Create(
            "Generated",
            _trees,
            _references,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                concurrentBuild: false).WithSyntaxTreeOptionsProvider(sdk?.Severities));

    /// <summary>All diagnostics of a fresh compilation with <paramref name="analyzers"/>; with <paramref name="sdk"/>, under the SDK's configuration.</summary>
    internal int Analyze(ImmutableArray<DiagnosticAnalyzer> analyzers, SdkDefaultAnalyzers? sdk = null) =>
        WithAnalyzers(analyzers, sdk).GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;

    internal CompilationWithAnalyzers WithAnalyzers(ImmutableArray<DiagnosticAnalyzer> analyzers, SdkDefaultAnalyzers? sdk = null) =>
        WithAnalyzers(analyzers, sdk?.Options ?? new AnalyzerOptions([]), sdk);

    internal CompilationWithAnalyzers WithAnalyzers(ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options, SdkDefaultAnalyzers? sdk = null) =>
        NewCompilation(sdk).WithAnalyzers(
            analyzers,
            new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
}
