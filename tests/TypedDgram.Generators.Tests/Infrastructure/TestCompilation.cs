using Basic.Reference.Assemblies;
using MessagePack;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedDgram.Contracts;

namespace TypedDgram.Generators.Tests.Infrastructure;

/// <summary>In-memory compilations against .NET 10's reference assemblies, the TypedDgram runtime and MessagePack.</summary>
internal static class TestCompilation
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly MetadataReference[] References =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(DatagramAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(MessagePackWriter).Assembly.Location),
    ];

    public static CSharpCompilation Create(params string[] sources)
        => CSharpCompilation.Create(
            "TestAssembly",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic>
                {
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                }));

    public static GeneratorDriver Driver()
        => CSharpGeneratorDriver.Create(
            [new Contracts.ContractsGenerator().AsSourceGenerator(), new Dispatch.DispatchGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs both generators; returns the generated files by hint name and the compilation that includes them.</summary>
    public static (IReadOnlyDictionary<string, string> Files, Compilation Output) Generate(params string[] sources)
    {
        var compilation = Create(sources);
        Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        var files = output.SyntaxTrees
            .Skip(compilation.SyntaxTrees.Length)
            .ToDictionary(tree => Path.GetFileName(tree.FilePath), tree => tree.GetText().ToString());
        return (files, output);
    }

    /// <summary>Every warning or error of the compilation, generated files included.</summary>
    public static IReadOnlyList<Diagnostic> Problems(Compilation compilation)
        => compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
}
