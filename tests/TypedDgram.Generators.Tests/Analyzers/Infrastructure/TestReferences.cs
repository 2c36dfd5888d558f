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

    /// <summary>The real TypedDgram runtime assembly, so the analyzers are tested against the API users compile against.</summary>
    public static ImmutableArray<MetadataReference> SocketApi { get; } =
        [MetadataReference.CreateFromFile(typeof(TypedDgram.Sockets.DgramSocket).Assembly.Location)];

    /// <summary>
    /// What a hosted user's project adds: TypedDgram.Hosting, TypedDgram.Nats and its NATS client, MessagePack, the
    /// Microsoft.Extensions libraries and OpenTelemetry, as this test project's output holds them (it references them
    /// so they are copied there).
    /// </summary>
    public static ImmutableArray<MetadataReference> Application { get; } =
        Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(file => Path.GetFileName(file) is var name
                && (name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                    || name.StartsWith("OpenTelemetry", StringComparison.Ordinal)
                    || name.StartsWith("NATS.Client.", StringComparison.Ordinal)
                    || name is "TypedDgram.Hosting.dll" or "TypedDgram.Nats.dll" or "MessagePack.dll" or "MessagePack.Annotations.dll"))
            .Order(StringComparer.Ordinal)
            .Select(file => (MetadataReference)MetadataReference.CreateFromFile(file))
            .ToImmutableArray();

    /// <summary>TypedDgram.Hosting alone: its options type is checked like the socket's own (DatagramEndpointOptions).</summary>
    public static ImmutableArray<MetadataReference> Hosting { get; } =
        Application.Where(reference => Path.GetFileName(((PortableExecutableReference)reference).FilePath) == "TypedDgram.Hosting.dll").ToImmutableArray();

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
