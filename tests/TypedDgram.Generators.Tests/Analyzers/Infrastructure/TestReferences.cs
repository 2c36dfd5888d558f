using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace TypedDgram.Generators.Tests.Analyzers.Infrastructure;

/// <summary>
/// What every analyzer test compiles against: the .NET 10 reference assemblies (Basic.Reference.Assemblies, no
/// download at test time) and the TypedDgram socket API.
/// </summary>
internal static class TestReferences
{
    /// <summary>The .NET 10 reference assemblies.</summary>
    public static ImmutableArray<MetadataReference> Net100 { get; } =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToImmutableArray();

    /// <summary>
    /// Source files to add to every test compilation for the socket API. The stub mirrors SOCKET-API.md until the
    /// socket branch is merged; then this is empty and <see cref="SocketApi"/> holds the real assembly.
    /// </summary>
    public static ImmutableArray<(string Name, string Text)> SocketApiSources { get; } = [("DgramApiStub.cs", DgramApiStub.Source)];

    /// <summary>Metadata references for the socket API (the real TypedDgram assembly once merged).</summary>
    public static ImmutableArray<MetadataReference> SocketApi { get; } = [];

    /// <summary>The usings every snippet starts with.</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using TypedDgram.Sockets;

        """;
}
