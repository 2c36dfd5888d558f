using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace TypedDgram.Analyzer.Benchmarks;

/// <summary>
/// What the .NET SDK gives the compiler in every build of a default net10.0 class library (read from a
/// <c>dotnet build -v:d</c> of <c>dotnet new classlib</c>): the .NET analyzers from the SDK's
/// <c>Sdks/Microsoft.NET.Sdk/analyzers</c> folder, every analyzer and generator of the targeting pack
/// (<c>packs/Microsoft.NETCore.App.Ref/V/analyzers/dotnet/cs</c>), the analysis level's global config
/// (<c>analysislevel_10_default.globalconfig</c>) and the <c>build_property.*</c> values the SDK writes to
/// <c>obj/…GeneratedMSBuildEditorConfig.editorconfig</c>. Loaded from the .NET installation this process runs on,
/// the SDK version that built this benchmark.
/// </summary>
internal sealed class SdkDefaultAnalyzers
{
    private SdkDefaultAnalyzers(
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        ImmutableArray<string> loaded,
        ImmutableArray<string> configFiles,
        AnalyzerConfigSet configSet)
    {
        Analyzers = analyzers;
        Loaded = loaded;
        ConfigFiles = configFiles;
        Options = new AnalyzerOptions([], new ConfigSetOptionsProvider(configSet));
        Severities = new ConfigSetSeverities(configSet);
        GlobalSeverities = configSet.GlobalConfigOptions.TreeOptions;
    }

    /// <summary>Every C# diagnostic analyzer in the SDK's default analyzer assemblies.</summary>
    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    /// <summary>One line per analyzer assembly: its path, its C# analyzers and its generators (not run here).</summary>
    public ImmutableArray<string> Loaded { get; }

    /// <summary>The analyzer config files applied (the SDK's own, and the build properties written as the SDK writes them).</summary>
    public ImmutableArray<string> ConfigFiles { get; }

    /// <summary>The <c>build_property.*</c> values, as analyzers read them from an SDK build.</summary>
    public AnalyzerOptions Options { get; }

    /// <summary>The configured severities, for the compilation's options (the analysis level turns newer rules off).</summary>
    public SyntaxTreeOptionsProvider Severities { get; }

    /// <summary>The severities the global configs set, by rule id.</summary>
    public ImmutableDictionary<string, ReportDiagnostic> GlobalSeverities { get; }

    /// <summary>Finds and loads the SDK's default analyzers; throws <see cref="InvalidOperationException"/> when a folder or file is missing or an assembly does not load.</summary>
    public static SdkDefaultAnalyzers Load()
    {
        // <root>/shared/Microsoft.NETCore.App/<version>/: the installation's root is three folders up
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var sdk = Path.Combine(root, "sdk", BuildValue("NETCoreSdkVersion"), "Sdks", "Microsoft.NET.Sdk", "analyzers");
        var pack = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref", BuildValue("BundledNETCoreAppPackageVersion"), "analyzers", "dotnet", "cs");

        // what csc gets as /analyzer: the C# and the shared .NET analyzers (not the Visual Basic ones), and the whole pack folder
        var files = new[] { Path.Combine(sdk, "Microsoft.CodeAnalysis.NetAnalyzers.dll"), Path.Combine(sdk, "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll") }
            .Concat(Directory.Exists(pack) ? Directory.GetFiles(pack, "*.dll").Order(StringComparer.Ordinal) : throw Missing(pack))
            .ToList();
        var loader = new AnalyzerDirectoryLoader();
        foreach (var file in files)
        {
            loader.AddDependencyLocation(File.Exists(file) ? file : throw Missing(file));
        }

        var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        var loaded = ImmutableArray.CreateBuilder<string>();
        var failures = new List<string>();
        foreach (var file in files)
        {
            var reference = new AnalyzerFileReference(file, loader);
            reference.AnalyzerLoadFailed += (_, e) => failures.Add($"{file}: {e.ErrorCode} {e.TypeName} {e.Message}");
            var found = reference.GetAnalyzers(LanguageNames.CSharp);
            var generators = reference.GetGenerators(LanguageNames.CSharp);
            analyzers.AddRange(found);
            loaded.Add(string.Create(CultureInfo.InvariantCulture, $"{file} ({found.Length} analyzers, {generators.Length} generators)"));
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException("SDK analyzers did not load:\n" + string.Join("\n", failures));
        }

        // AnalysisLevel is 'latest' for the newest target framework, that is this runtime's major version, mode 'default'
        var level = Path.Combine(sdk, "build", "config", string.Create(CultureInfo.InvariantCulture, $"analysislevel_{Environment.Version.Major}_default.globalconfig"));
        var properties = Path.Combine(Path.GetTempPath(), "Generated", "Generated.GeneratedMSBuildEditorConfig.editorconfig");
        var configs = new[]
        {
            AnalyzerConfig.Parse(SourceText.From(File.Exists(level) ? File.ReadAllText(level) : throw Missing(level), Encoding.UTF8), level),
            AnalyzerConfig.Parse(BuildProperties(Path.GetDirectoryName(properties)!), properties),
        };
        var set = AnalyzerConfigSet.Create(configs, out var configDiagnostics);
        if (!configDiagnostics.IsEmpty)
        {
            throw new InvalidOperationException("the SDK's analyzer config does not parse:\n" + string.Join("\n", configDiagnostics));
        }

        return new SdkDefaultAnalyzers(analyzers.ToImmutable(), loaded.ToImmutable(), [level, properties + " (written here, as the SDK writes it)"], set);
    }

    /// <summary>
    /// Whether a command-line build runs the analyzer: csc skips analyzers whose every rule is off, hidden or (when no
    /// <c>/errorlog</c> is asked for, as in a default build) info, since those appear in no build output (the
    /// <c>SeverityFilter</c> that Roslyn's <c>CommonCompiler</c> gives <c>AnalyzerManager.IsDiagnosticAnalyzerSuppressed</c>,
    /// whose rules this follows: suppressors and non-configurable or self-configured rules always run). Rule ids set in
    /// the global configs count as set there; category- and analyzer-wide settings are not read (the SDK's default
    /// configs have none).
    /// </summary>
    public bool RunsInBuild(DiagnosticAnalyzer analyzer) =>
        analyzer is DiagnosticSuppressor { SupportedSuppressions.IsEmpty: false }
        || analyzer.SupportedDiagnostics.Any(d =>
            d.CustomTags.Contains(WellKnownDiagnosticTags.NotConfigurable) ? d.IsEnabledByDefault
            : d.CustomTags.Contains(CustomSeverityConfigurable) || Severity(d) is ReportDiagnostic.Warn or ReportDiagnostic.Error);

    // rules whose analyzers read their own configuration: the compiler always runs them
    private const string CustomSeverityConfigurable = "CustomSeverityConfigurable";

    /// <summary>The analyzers a build runs: <paramref name="analyzers"/> less those <see cref="RunsInBuild"/> leaves out.</summary>
    public ImmutableArray<DiagnosticAnalyzer> AsInBuild(ImmutableArray<DiagnosticAnalyzer> analyzers) => analyzers.Where(RunsInBuild).ToImmutableArray();

    private ReportDiagnostic Severity(DiagnosticDescriptor descriptor) =>
        GlobalSeverities.TryGetValue(descriptor.Id, out var configured) && configured != ReportDiagnostic.Default
            ? configured
            : !descriptor.IsEnabledByDefault
                ? ReportDiagnostic.Suppress
                : descriptor.DefaultSeverity switch
                {
                    DiagnosticSeverity.Error => ReportDiagnostic.Error,
                    DiagnosticSeverity.Warning => ReportDiagnostic.Warn,
                    DiagnosticSeverity.Info => ReportDiagnostic.Info,
                    _ => ReportDiagnostic.Hidden,
                };

    // the keys and values `dotnet build` writes for `dotnet new classlib` (net10.0, no options set), the project named
    // as the benchmark's compilation; the .NET analyzers read the target framework and the supported platforms (CA1416)
    private static string BuildProperties(string projectDirectory) =>
        string.Join(
            "\n",
            "is_global = true",
            "build_property.TargetFramework = net10.0",
            "build_property.TargetFrameworkIdentifier = .NETCoreApp",
            "build_property.TargetFrameworkVersion = v10.0",
            "build_property.TargetPlatformMinVersion = ",
            "build_property.UsingMicrosoftNETSdkWeb = ",
            "build_property.ProjectTypeGuids = ",
            "build_property.InvariantGlobalization = ",
            "build_property.PlatformNeutralAssembly = ",
            "build_property.EnforceExtendedAnalyzerRules = ",
            "build_property.EntryPointFilePath = ",
            "build_property._SupportedPlatformList = Linux,macOS,Windows",
            "build_property.RootNamespace = Generated",
            $"build_property.ProjectDir = {projectDirectory}/",
            "build_property.EnableComHosting = ",
            "build_property.EnableGeneratedComInterfaceComImportInterop = ",
            string.Create(CultureInfo.InvariantCulture, $"build_property.EffectiveAnalysisLevelStyle = {Environment.Version.Major}.0"),
            "build_property.EnableCodeStyleSeverity = ",
            string.Empty);

    // written into this assembly by its project file from the SDK that builds it
    private static string BuildValue(string key) =>
        typeof(SdkDefaultAnalyzers).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"the build did not record {key}");

    private static InvalidOperationException Missing(string path) => new($"not found: {path}");
}
