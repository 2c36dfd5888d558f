using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;
using Microsoft.CodeAnalysis.Text;
using TypedDgram.Generators.Compatibility;
using TypedDgram.Generators.Tests.Infrastructure;

namespace TypedDgram.Generators.Tests.Compatibility;

/// <summary>
/// The compatibility analyzer costs nothing in a project without DatagramContracts files (the analyzer cost benchmark's
/// case: it registers no action past compilation start), and with them asks only for named types and one compilation
/// end: no syntax, operation or semantic-model callbacks.
/// </summary>
public class CompatibilityCostTests
{
    private const string Source = """
        using TypedDgram.Contracts;
        namespace Demo;
        [Datagram(Id = 1)] public partial record Ping(int Seq);
        public class Plain { public int Add(int a, int b) => a + b; }
        """;

    [Fact]
    public async Task Without_the_files_nothing_is_registered_past_compilation_start()
    {
        var telemetry = await Telemetry([]);

        Assert.Equal(1, telemetry.CompilationStartActionsCount);
        Assert.Equal(0, telemetry.SymbolActionsCount);
        Assert.Equal(0, telemetry.CompilationEndActionsCount);
        Assert.Equal(0, telemetry.SyntaxNodeActionsCount + telemetry.OperationActionsCount + telemetry.SemanticModelActionsCount + telemetry.SyntaxTreeActionsCount + telemetry.CodeBlockStartActionsCount);
    }

    [Fact]
    public async Task With_the_files_only_named_types_and_the_compilation_end_are_looked_at()
    {
        var telemetry = await Telemetry([new File(ContractFiles.ShippedFileName, "Demo.Ping = 1: [0] int Seq\n")]);

        Assert.Equal(1, telemetry.SymbolActionsCount);
        Assert.Equal(1, telemetry.CompilationEndActionsCount);
        Assert.Equal(0, telemetry.SyntaxNodeActionsCount + telemetry.OperationActionsCount + telemetry.SemanticModelActionsCount + telemetry.SyntaxTreeActionsCount + telemetry.CodeBlockStartActionsCount);
    }

    private static async Task<AnalyzerTelemetryInfo> Telemetry(ImmutableArray<AdditionalText> files)
    {
        var analyzer = new ContractCompatibilityAnalyzer();
        var withAnalyzers = TestCompilation.Create(Source).WithAnalyzers(
            [analyzer],
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(files), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        return await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
    }

    private sealed class File(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
