using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace TypedDgram.Generators.Tests.Analyzers.Infrastructure;

/// <summary>Runs one analyzer on a snippet and compares its diagnostics (id, span, message) with the markup and expectations.</summary>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = TestReferences.Usings + source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>A program with top-level statements (compiled as a console application).</summary>
    public static Task VerifyProgramAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = TestReferences.Usings + source };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>A snippet of statements, placed in a method with a buffer, a text and a socket parameter to use.</summary>
    public static Task VerifyStatementsAsync(string statements, params DiagnosticResult[] expected)
        => VerifyAsync(Snippets.InMethod(statements), expected);

    private sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            TestState.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestState.AdditionalReferences.AddRange(TestReferences.Net100);
            TestState.AdditionalReferences.AddRange(TestReferences.SocketApi);
        }
    }
}
