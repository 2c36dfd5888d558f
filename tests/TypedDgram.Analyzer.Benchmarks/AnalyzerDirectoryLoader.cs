using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace TypedDgram.Analyzer.Benchmarks;

/// <summary>
/// Loads analyzer assemblies from the SDK's folders into this process, as the compiler does for <c>/analyzer:</c>:
/// their references to Roslyn bind to the compiler already loaded here (they were built against older versions), and
/// their references to each other (the interop generators share <c>Microsoft.Interop.SourceGeneration</c>) are found
/// in the folders they came from.
/// </summary>
internal sealed class AnalyzerDirectoryLoader : IAnalyzerAssemblyLoader
{
    private readonly ConcurrentDictionary<string, string> _dependencies = new(StringComparer.OrdinalIgnoreCase);

    public AnalyzerDirectoryLoader() => AssemblyLoadContext.Default.Resolving += Resolve;

    public void AddDependencyLocation(string fullPath) => _dependencies[Path.GetFileNameWithoutExtension(fullPath)] = fullPath;

    public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);

    private Assembly? Resolve(AssemblyLoadContext context, AssemblyName name) =>
        name.Name is { } simple && _dependencies.TryGetValue(simple, out var path) ? context.LoadFromAssemblyPath(path) : null;
}
