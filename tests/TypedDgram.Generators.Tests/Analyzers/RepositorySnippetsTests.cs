using System.Text.RegularExpressions;
using TypedDgram.Generators.Tests.Analyzers.Infrastructure;

namespace TypedDgram.Generators.Tests.Analyzers;

/// <summary>
/// The code users read first must be right: every example program, every C# block of the README and of docs/
/// compiles with no TDG diagnostic; and every diagnostic page's "// wrong" example reports that page's id.
/// </summary>
public sealed partial class RepositorySnippetsTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string> CorrectSnippets()
    {
        var data = new TheoryData<string>();
        foreach (var example in Directory.GetDirectories(Path.Combine(Root, "examples")).Order(StringComparer.Ordinal))
        {
            data.Add(Relative(example));
        }

        foreach (var (name, _, wrong) in MarkdownBlocks())
        {
            if (!wrong)
            {
                data.Add(name);
            }
        }

        return data;
    }

    public static TheoryData<string> WrongExamples()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _, wrong) in MarkdownBlocks())
        {
            if (wrong && Path.GetFileName(name).StartsWith("TDG", StringComparison.Ordinal))
            {
                data.Add(name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorrectSnippets))]
    public async Task Repository_snippet_compiles_without_any_TDG_diagnostic(string snippet)
    {
        var result = await SnippetAnalysis.AnalyzeAsync(Files(snippet), implicitUsings: true, ContractFiles(snippet));
        Assert.True(result.Errors.Count == 0, "the snippet does not compile:\n" + string.Join("\n", result.Errors));
        Assert.True(result.Reported.Count == 0, "diagnostics on correct code:\n" + string.Join("\n", result.Reported));
    }

    [Theory]
    [MemberData(nameof(WrongExamples))]
    public async Task Diagnostic_page_wrong_example_reports_the_page_id(string snippet)
    {
        var id = Path.GetFileNameWithoutExtension(snippet.Split('#')[0]);
        var result = await SnippetAnalysis.AnalyzeAsync(Files(snippet), implicitUsings: true, ContractFiles(snippet));
        Assert.True(result.Errors.Count == 0, "the example does not compile:\n" + string.Join("\n", result.Errors));
        Assert.Contains(result.Reported, d => d.Id == id);
        Assert.All(result.Reported, d => Assert.Equal(id, d.Id));
    }

    [Fact]
    public void Every_TDG0_diagnostic_has_a_page_with_a_wrong_and_a_right_example()
    {
        foreach (var descriptor in AllAnalyzers.Create().SelectMany(a => a.SupportedDiagnostics).Where(d => d.Id.StartsWith("TDG0", StringComparison.Ordinal)))
        {
            var page = $"docs/diagnostics/{descriptor.Id}.md";
            Assert.True(File.Exists(Path.Combine(Root, page)), $"missing {page}");
            Assert.EndsWith(page, descriptor.HelpLinkUri, StringComparison.Ordinal);
            var blocks = MarkdownBlocks().Where(b => b.Name.StartsWith(page + "#", StringComparison.Ordinal)).ToList();
            Assert.Contains(blocks, b => b.Wrong);
            Assert.Contains(blocks, b => !b.Wrong);
        }
    }

    private static IEnumerable<(string Path, string Text)> Files(string snippet)
    {
        if (!snippet.Contains('#', StringComparison.Ordinal))
        {
            return Directory.GetFiles(Path.Combine(Root, snippet), "*.cs", SearchOption.AllDirectories)
                .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Select(file => (Relative(file), File.ReadAllText(file)));
        }

        var block = MarkdownBlocks().Single(b => b.Name == snippet);
        return [(snippet, block.Code)];
    }

    /// <summary>
    /// The DatagramContracts files a block of a page is analyzed with: each ```text DatagramContracts.Shipped.txt (or
    /// .Unshipped.txt) block of the page before it, the last of each name. None for an example project.
    /// </summary>
    private static IEnumerable<(string Path, string Text)> ContractFiles(string snippet)
    {
        var parts = snippet.Split('#');
        if (parts.Length != 2)
        {
            return [];
        }

        var text = File.ReadAllText(Path.Combine(Root, parts[0]));
        var blockStart = CSharpBlock().Matches(text)[int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) - 1].Index;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in ContractFileBlock().Matches(text))
        {
            if (match.Index < blockStart)
            {
                files[match.Groups["name"].Value] = match.Groups["code"].Value;
            }
        }

        return files.Select(file => (file.Key, file.Value));
    }

    [GeneratedRegex(@"^```text (?<name>DatagramContracts\.(Shipped|Unshipped)\.txt)\r?\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ContractFileBlock();

    /// <summary>The ```csharp blocks of README.md and docs/**/*.md, named path#n; a block whose first line is "// wrong" is a wrong example.</summary>
    private static IEnumerable<(string Name, string Code, bool Wrong)> MarkdownBlocks()
    {
        var documents = Directory.GetFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Prepend(Path.Combine(Root, "README.md"))
            .Order(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            var index = 0;
            foreach (Match match in CSharpBlock().Matches(File.ReadAllText(document)))
            {
                var code = match.Groups["code"].Value;
                index++;
                yield return ($"{Relative(document)}#{index}", code, code.TrimStart().StartsWith("// wrong", StringComparison.Ordinal));
            }
        }
    }

    [GeneratedRegex(@"^```csharp\r?\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    private static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TypedDgram.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("TypedDgram.sln not found above " + AppContext.BaseDirectory);
    }
}
