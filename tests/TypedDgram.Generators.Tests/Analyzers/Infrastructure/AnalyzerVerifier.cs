using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace TypedDgram.Generators.Tests.Analyzers.Infrastructure;

/// <summary>
/// Runs one analyzer on a snippet and compares its diagnostics (id, span, message) with the markup and expectations,
/// twice: as shipped, and with every gate open (<see cref="OpenGates"/>), so each test is also the differential test of
/// its input: a gate may only save work, never change what is reported.
/// </summary>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
        => RunBothAsync(source, outputKind: null, expected);

    /// <summary>A program with top-level statements (compiled as a console application).</summary>
    public static Task VerifyProgramAsync(string source, params DiagnosticResult[] expected)
        => RunBothAsync(source, OutputKind.ConsoleApplication, expected);

    private static async Task RunBothAsync(string source, OutputKind? outputKind, DiagnosticResult[] expected)
    {
        foreach (var openGates in new[] { false, true })
        {
            var test = new Test { TestCode = TestReferences.Usings + source };
            if (outputKind is { } kind)
            {
                test.TestState.OutputKind = kind;
            }

            if (openGates)
            {
                test.TestState.AnalyzerConfigFiles.Add(OpenGates.ConfigFile);
            }

            test.ExpectedDiagnostics.AddRange(expected);
            try
            {
                await test.RunAsync();
            }
            catch (Exception failure) when (openGates)
            {
                throw new Xunit.Sdk.XunitException("with every gate open, the analyzer reports differently (a gate changed a result):\n" + failure.Message);
            }
        }
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
            TestState.AdditionalReferences.AddRange(TestReferences.Hosting);
        }
    }
}
