using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedDgram.Generators.Tests.Analyzers.Infrastructure;

/// <summary>
/// Compiles whole programs the way a user's project does (implicit usings, the TypedDgram runtime and hosting, the
/// Microsoft.Extensions and OpenTelemetry libraries, the generators)
/// and runs every analyzer the package ships. Used by the corpus and the repository-snippet tests.
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
        var diagnostics = await generated
            .WithAnalyzers(AllAnalyzers.Create(), new CompilationWithAnalyzersOptions(new AnalyzerOptions([.. (additionalFiles ?? []).Select(file => (AdditionalText)new SnippetFile(file.Path, file.Text))]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync();
        var reported = diagnostics.Where(d => d.Id.StartsWith("TDG", StringComparison.Ordinal) || d.Id.StartsWith("AD", StringComparison.Ordinal)).ToList();
        return new Result(errors, reported);
    }

    private sealed class SnippetFile(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) => Microsoft.CodeAnalysis.Text.SourceText.From(text);
    }
}
