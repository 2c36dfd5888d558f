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
        var result = await SnippetAnalysis.AnalyzeAsync([(program, File.ReadAllText(Path.Combine(CorpusDirectory, program)))], implicitUsings: false);
        Assert.True(result.Errors.Count == 0, "the program does not compile:\n" + string.Join("\n", result.Errors));
        Assert.True(result.Reported.Count == 0, "false positives:\n" + string.Join("\n", result.Reported));
    }

    [Fact]
    public async Task The_corpus_pipeline_reports_a_known_misuse()
    {
        var source = TestReferences.Usings + Snippets.InMethod("""
            var client = Dgram.CreateSocket("udp4");
            client.SetBroadcast(true);
            client.Connect(41234);
            client.Send(buffer, 41234);
            """);
        var result = await SnippetAnalysis.AnalyzeAsync([("Misuse.cs", source)], implicitUsings: false);
        Assert.Empty(result.Errors);
        Assert.Equal(["TDG0002", "TDG0009"], result.Reported.Select(d => d.Id).Order(StringComparer.Ordinal));
    }
}
