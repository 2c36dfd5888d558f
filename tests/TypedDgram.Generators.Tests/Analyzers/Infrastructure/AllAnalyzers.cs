using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Analyzers;

namespace TypedDgram.Generators.Tests.Analyzers.Infrastructure;

/// <summary>Every analyzer the generator assembly ships, found the way the compiler finds them (the attribute).</summary>
internal static class AllAnalyzers
{
    public static ImmutableArray<DiagnosticAnalyzer> Create() =>
        typeof(SendOffsetLengthAnalyzer).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();
}
