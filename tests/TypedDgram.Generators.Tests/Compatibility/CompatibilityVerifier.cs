using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using TypedDgram.CodeFixes;
using TypedDgram.Generators.Compatibility;
using TypedDgram.Generators.Tests.Infrastructure;

namespace TypedDgram.Generators.Tests.Compatibility;

/// <summary>
/// Runs <see cref="ContractCompatibilityAnalyzer"/> (and <see cref="RecordContractCodeFix"/>) on a snippet with the two
/// contract files as additional files; markup such as <c>{|TDG1101:Ping|}</c> states where each diagnostic must be,
/// in the snippet or in a file.
/// </summary>
internal static partial class CompatibilityVerifier
{
    public const string Usings = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using TypedDgram.Contracts;

        namespace Demo;

        """;

    public static Task VerifyAsync(string source, string? shipped, string? unshipped = null)
    {
        var test = new AnalyzerTest { TestCode = Usings + source };
        AddFiles(test.TestState, shipped, unshipped);
        return test.RunAsync();
    }

    /// <summary>
    /// Applies the fix (and Fix All) to every TDG1108 in <paramref name="source"/>: the source stays as it is and the
    /// Unshipped file becomes <paramref name="fixedUnshipped"/>.
    /// </summary>
    public static Task VerifyFixAsync(string source, string? shipped, string? unshipped, string fixedUnshipped)
    {
        var test = new FixTest { TestCode = Usings + source, FixedCode = Usings + Markup().Replace(source, "${text}") };
        AddFiles(test.TestState, shipped, unshipped);
        AddFiles(test.FixedState, shipped, fixedUnshipped);
        return test.RunAsync();
    }

    private static void AddFiles(SolutionState state, string? shipped, string? unshipped)
    {
        state.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        state.AdditionalReferences.AddRange(TestCompilation.References);
        if (shipped is not null)
        {
            state.AdditionalFiles.Add((ContractFiles.ShippedFileName, shipped));
        }

        if (unshipped is not null)
        {
            state.AdditionalFiles.Add((ContractFiles.UnshippedFileName, unshipped));
        }
    }

    [GeneratedRegex(@"\{\|TDG\d+:(?<text>.*?)\|\}")]
    private static partial Regex Markup();

    private sealed class AnalyzerTest : CSharpAnalyzerTest<ContractCompatibilityAnalyzer, DefaultVerifier>;

    private sealed class FixTest : CSharpCodeFixTest<ContractCompatibilityAnalyzer, RecordContractCodeFix, DefaultVerifier>;
}
