using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedDgram.Generators.Tests.Analyzers.Infrastructure;

/// <summary>
/// Compiles whole programs the way a user's project does (implicit usings, the TypedDgram runtime and hosting, the
/// Microsoft.Extensions and OpenTelemetry libraries, the generators)
/// and runs every analyzer the package ships, twice: as shipped and with every gate open (<see cref="OpenGates"/>), and
/// fails when the two differ (the differential test of every corpus program and repository snippet). Used by the
/// corpus and the repository-snippet tests.
/// </summary>
internal static class SnippetAnalysis
{
    /// <summary>The implicit usings of an SDK console project.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public sealed record Result(IReadOnlyList<Diagnostic> Errors, IReadOnlyList<Diagnostic> Reported);

    /// <summary>One program from source files; a file with top-level statements makes it a console program.</summary>
    /// <param name="additionalFiles">Additional files such as DatagramContracts.Shipped.txt, as a project's AdditionalFiles.</param>
    public static async Task<Result> AnalyzeAsync(IEnumerable<(string Path, string Text)> files, bool implicitUsings, IEnumerable<(string Path, string Text)>? additionalFiles = null)
    {
        var trees = files.Select(file => CSharpSyntaxTree.ParseText(file.Text, ParseOptions, path: file.Path)).ToList();
        if (implicitUsings)
        {
            trees.Add(CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, path: "GlobalUsings.g.cs"));
        }

        var hasTopLevelStatements = trees.Any(tree => tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any());
        var compilation = CSharpCompilation.Create(
            "Snippet",
            trees,
            TestReferences.Net100.AddRange(TestReferences.SocketApi).AddRange(TestReferences.Application),
            new CSharpCompilationOptions(
                hasTopLevelStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));

        CSharpGeneratorDriver
            .Create([new Contracts.ContractsGenerator().AsSourceGenerator(), new Dispatch.DispatchGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);

        var errors = generated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        ImmutableArray<AdditionalText> texts = [.. (additionalFiles ?? []).Select(file => (AdditionalText)new SnippetFile(file.Path, file.Text))];
        var reported = await ReportedAsync(generated, new AnalyzerOptions(texts));
        var reportedWithOpenGates = await ReportedAsync(generated, OpenGates.Options.WithAdditionalFiles(texts));
        Assert.True(
            Describe(reported).SequenceEqual(Describe(reportedWithOpenGates)),
            "with every gate open the analyzers report differently (a gate changed a result):\nas shipped:\n"
                + string.Join("\n", Describe(reported)) + "\ngates open:\n" + string.Join("\n", Describe(reportedWithOpenGates)));
        return new Result(errors, reported);
    }

    private static async Task<List<Diagnostic>> ReportedAsync(Compilation compilation, AnalyzerOptions options)
    {
        var diagnostics = await compilation
            .WithAnalyzers(AllAnalyzers.Create(), new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => d.Id.StartsWith("TDG", StringComparison.Ordinal) || d.Id.StartsWith("AD", StringComparison.Ordinal)).ToList();
    }

    private static IEnumerable<string> Describe(IEnumerable<Diagnostic> diagnostics)
        => diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}").Order(StringComparer.Ordinal);

    private sealed class SnippetFile(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) => Microsoft.CodeAnalysis.Text.SourceText.From(text);
    }
}
