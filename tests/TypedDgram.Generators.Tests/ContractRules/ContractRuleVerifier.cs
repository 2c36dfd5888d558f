using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using TypedDgram.Generators.Tests.Infrastructure;

namespace TypedDgram.Generators.Tests.ContractRules;

/// <summary>
/// Runs the contract analyzers (and a code fix) on a snippet with the TypedDgram runtime referenced; markup
/// <c>{|TDG1001:Ping|}</c> states where each diagnostic must be.
/// </summary>
internal static class ContractRuleVerifier
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using TypedDgram.Contracts;
        using TypedDgram.Sockets;

        """;

    public static Task VerifyAsync<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new AnalyzerTest<TAnalyzer> { TestCode = Usings + source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>
    /// As <see cref="VerifyAsync{TAnalyzer}"/>, without the compiler's own errors: a request contract's
    /// <c>IRequest&lt;TResponse&gt;</c> needs the members the generator writes, and these tests run the analyzer alone.
    /// </summary>
    public static Task VerifyWithoutGeneratorAsync<TAnalyzer>(string source)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new AnalyzerTest<TAnalyzer> { TestCode = Usings + source, CompilerDiagnostics = CompilerDiagnostics.None };
        return test.RunAsync();
    }

    public static Task VerifyFixAsync<TAnalyzer, TFix>(string source, string fixedSource)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        var test = new FixTest<TAnalyzer, TFix> { TestCode = Usings + source, FixedCode = Usings + fixedSource };
        return test.RunAsync();
    }

    private static void Configure(SolutionState state)
    {
        state.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        state.AdditionalReferences.AddRange(TestCompilation.References);
    }

    private sealed class AnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public AnalyzerTest() => Configure(TestState);
    }

    private sealed class FixTest<TAnalyzer, TFix> : CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TFix : CodeFixProvider, new()
    {
        public FixTest()
        {
            Configure(TestState);
            Configure(FixedState);
        }
    }
}
