using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Tests.Analyzers.Infrastructure;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>
/// No false positives: every correct program under Analyzers/Corpus (Node's documented patterns translated, and the
/// tricky correct ones) compiles and gets no TDG diagnostic from any analyzer. Add README and example snippets here
/// as .cs files.
/// </summary>
public sealed class CorpusTests
{
    private static readonly string CorpusDirectory = Path.Combine(AppContext.BaseDirectory, "Analyzers", "Corpus");

    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CorpusDirectory, "*.cs").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void Corpus_holds_at_least_forty_correct_programs() =>
        Assert.True(Programs().Count >= 40, $"only {Programs().Count} programs in {CorpusDirectory}");

    [Theory]
    [MemberData(nameof(Programs))]
    public async Task Correct_program_compiles_without_any_TDG_diagnostic(string program)
    {
        var (errors, reported) = await CompileAndAnalyzeAsync(File.ReadAllText(Path.Combine(CorpusDirectory, program)), program);
        Assert.True(errors.Count == 0, "the program does not compile:\n" + string.Join("\n", errors));
        Assert.True(reported.Count == 0, "false positives:\n" + string.Join("\n", reported));
    }

    [Fact]
    public async Task The_corpus_pipeline_reports_a_known_misuse()
    {
        var (errors, reported) = await CompileAndAnalyzeAsync(
            TestReferences.Usings + Snippets.InMethod("""
                var client = Dgram.CreateSocket("udp4");
                client.SetBroadcast(true);
                client.Connect(41234);
                client.Send(buffer, 41234);
                """),
            "Misuse.cs");
        Assert.Empty(errors);
        Assert.Equal(["TDG0002", "TDG0009"], reported.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    private static async Task<(List<Diagnostic> Errors, List<Diagnostic> Reported)> CompileAndAnalyzeAsync(string source, string path)
    {
        var tree = CSharpSyntaxTree.ParseText(source, path: path);
        var hasTopLevelStatements = tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            "Corpus",
            [tree],
            TestReferences.Net100.AddRange(TestReferences.SocketApi),
            new CSharpCompilationOptions(
                hasTopLevelStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var diagnostics = await compilation
            .WithAnalyzers(AllAnalyzers.Create(), new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync();
        var reported = diagnostics.Where(d => d.Id.StartsWith("TDG", StringComparison.Ordinal) || d.Id.StartsWith("AD", StringComparison.Ordinal)).ToList();
        return (errors, reported);
    }
}
