using System.Reflection;
using Microsoft.CodeAnalysis;
using TypedDgram.Generators.Diagnostics;

namespace TypedDgram.Generators.Tests.ContractRules;

/// <summary>Every contract rule (TDG1xxx, the TDG11xx compatibility rules included) links to its page in docs/diagnostics, and the page exists.</summary>
public class ContractRuleDocsTests
{
    public static TheoryData<string> ContractRuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in Descriptors().Where(d => d.Id.StartsWith("TDG1", StringComparison.Ordinal)))
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ContractRuleIds))]
    public void Rule_has_a_help_page_with_the_wrong_and_right_examples(string id)
    {
        var descriptor = Descriptors().Single(d => d.Id == id);
        Assert.EndsWith("/docs/diagnostics/" + id + ".md", descriptor.HelpLinkUri);
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics", id + ".md"));
        Assert.StartsWith("# " + id + ": ", page);
        Assert.Contains("## Wrong", page);
        Assert.Contains("## Right", page);
    }

    [Fact]
    public void Every_contract_rule_is_in_the_unshipped_release_notes()
    {
        var releases = File.ReadAllText(Path.Combine(RepositoryRoot(), "generators", "TypedDgram.Generators", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in Descriptors().Where(d => d.Id.StartsWith("TDG1", StringComparison.Ordinal)))
        {
            Assert.Contains(descriptor.Id + " | " + descriptor.Category + " | " + descriptor.DefaultSeverity, releases);
        }
    }

    private static IEnumerable<DiagnosticDescriptor> Descriptors()
        => typeof(DiagnosticDescriptors)
            .GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Concat(typeof(Generators.Compatibility.CompatibilityDescriptors).GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
            .Select(field => field.GetValue(null))
            .OfType<DiagnosticDescriptor>();

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "")
    {
        for (var directory = Path.GetDirectoryName(path); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "TypedDgram.sln")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root above " + path);
    }
}
