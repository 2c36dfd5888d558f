using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace TypedDgram.Generators.Tests.Analyzers.Infrastructure;

/// <summary>
/// Runs an analyzer and its code fix on a snippet and compares the fixed source; the testing library also applies
/// Fix All (document, project, solution) and checks it gives the same result.
/// </summary>
internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task VerifyAsync(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new Test
        {
            TestCode = TestReferences.Usings + source,
            FixedCode = TestReferences.Usings + fixedSource,
        };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task VerifyStatementsAsync(string statements, string fixedStatements, params DiagnosticResult[] expected)
        => VerifyAsync(Snippets.InMethod(statements), Snippets.InMethod(fixedStatements), expected);

    private sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            TestState.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestState.AdditionalReferences.AddRange(TestReferences.Net100);
            TestState.AdditionalReferences.AddRange(TestReferences.SocketApi);

            // diagnostics that have no mechanical fix stay in the fixed code, marked up like in the test code
            FixedState.MarkupHandling = MarkupMode.Allow;
            FixedState.AdditionalReferences.AddRange(TestReferences.Net100);
            FixedState.AdditionalReferences.AddRange(TestReferences.SocketApi);
        }
    }
}
