namespace TypedDgram.Tests.Architecture;

/// <summary>
/// Folders are layers and nothing imports upwards: Diagnostics (the instrument table) &lt; Sockets &lt; Contracts &lt;
/// Messaging &lt; PubSub (<see cref="LayerRules"/>). The first test holds every file of src/TypedDgram to it; the rest
/// prove on in-memory files that the check sees what it must and nothing else. Doc comments may name a higher layer
/// (a <c>&lt;see cref&gt;</c> pointing to where a feature continues); code may not.
/// </summary>
public sealed class LayeringTests
{
    [Fact]
    public void No_file_in_src_TypedDgram_uses_a_namespace_of_a_higher_layer()
    {
        var source = Path.Combine(RepositoryRoot(), "src", "TypedDgram");
        var files = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(source, file))
            .Order(StringComparer.Ordinal)
            .ToList();

        var violations = files
            .SelectMany(file => LayerRules.Check(Path.GetRelativePath(RepositoryRoot(), file).Replace('\\', '/'), File.ReadAllText(file)))
            .ToList();

        Assert.NotEmpty(files);
        Assert.True(violations.Count == 0, "Upward uses:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void A_using_of_a_higher_layer_is_reported_with_file_line_and_namespace()
    {
        const string Source = """
            using System.Net;
            using TypedDgram.PubSub;

            namespace TypedDgram.Sockets;

            internal static class Upward;
            """;

        var violation = Assert.Single(LayerRules.Check("Sockets/Upward.cs", Source));

        Assert.Equal(("Sockets/Upward.cs", 2, "TypedDgram.Sockets", "TypedDgram.PubSub"), (violation.File, violation.Line, violation.Namespace, violation.Used));
        Assert.Equal("Sockets/Upward.cs:2: TypedDgram.Sockets has a using of higher layer TypedDgram.PubSub", violation.ToString());
    }

    [Theory]
    [InlineData("using static TypedDgram.Messaging.DispatchQueue;", "TypedDgram.Messaging.DispatchQueue")]
    [InlineData("using Bus = TypedDgram.PubSub.MulticastBus;", "TypedDgram.PubSub.MulticastBus")]
    [InlineData("global using TypedDgram.Contracts;", "TypedDgram.Contracts")]
    [InlineData("using global::TypedDgram.Contracts.Generated;", "TypedDgram.Contracts.Generated")]
    public void Static_alias_and_global_usings_of_a_higher_layer_are_reported(string directive, string used)
    {
        var source = $"{directive}\nnamespace TypedDgram.Sockets;\ninternal static class Upward;\n";

        Assert.Equal(used, Assert.Single(LayerRules.Check("Upward.cs", source)).Used);
    }

    [Fact]
    public void A_fully_qualified_reference_to_a_higher_layer_in_code_is_reported()
    {
        const string Source = """
            namespace TypedDgram.Sockets;

            internal static class Upward
            {
                public static TypedDgram.PubSub.MulticastBus? Bus;

                public static void Run() => global::TypedDgram.Messaging.DispatchQueue.Drain();
            }
            """;

        var violations = LayerRules.Check("Upward.cs", Source);

        Assert.Equal(
            [(5, "TypedDgram.PubSub.MulticastBus"), (7, "TypedDgram.Messaging.DispatchQueue.Drain")],
            violations.Select(violation => (violation.Line, violation.Used)));
    }

    [Fact]
    public void Usings_and_full_names_of_the_same_or_a_lower_layer_are_not_reported()
    {
        const string Source = """
            using TypedDgram.Diagnostics;
            using TypedDgram.Sockets;
            using static TypedDgram.Sockets.LinuxSyscalls;

            namespace TypedDgram.Contracts;

            internal static class Downward
            {
                public static TypedDgram.Sockets.RemoteInfo? Last;

                public static int Version => global::TypedDgram.Contracts.DatagramEnvelope.Version;
            }
            """;

        Assert.Empty(LayerRules.Check("Downward.cs", Source));
    }

    [Fact]
    public void Higher_layers_named_in_comments_doc_comments_and_strings_are_not_reported()
    {
        const string Source = """
            namespace TypedDgram.Sockets;

            /// <summary>Pub/sub builds on this: <see cref="TypedDgram.PubSub.MulticastBus"/>.</summary>
            internal static class Documented
            {
                // TypedDgram.Messaging.DatagramAttachment reads from here.
                /* using TypedDgram.PubSub; */
                public const string Name = "TypedDgram.PubSub.MulticastBus";
            }
            """;

        Assert.Empty(LayerRules.Check("Documented.cs", Source));
    }

    [Theory]
    [InlineData("TypedDgram.Contracts.Generated", "TypedDgram.Sockets.Platform", false)]
    [InlineData("TypedDgram.Sockets.Platform", "TypedDgram.Contracts.Generated", true)]
    [InlineData("TypedDgram.Sockets.Platform", "TypedDgram.Sockets", false)]
    public void Sub_namespaces_belong_to_their_parents_layer(string own, string used, bool reported)
    {
        var source = $"using {used};\nnamespace {own};\ninternal static class C;\n";

        Assert.Equal(reported, LayerRules.Check("C.cs", source).Count == 1);
    }

    [Fact]
    public void A_file_in_no_layer_is_reported_so_the_layer_list_stays_complete()
    {
        var violation = Assert.Single(LayerRules.Check("Stray.cs", "namespace TypedDgram.Transport;\ninternal static class Stray;\n"));

        Assert.Equal("TypedDgram.Transport", violation.Namespace);
    }

    [Fact]
    public void In_a_file_with_block_namespaces_each_use_is_judged_by_the_namespaces_it_is_in()
    {
        const string Source = """
            namespace TypedDgram
            {
                using TypedDgram.Contracts;

                namespace PubSub
                {
                    internal static class Top { public static TypedDgram.Messaging.QueueFullMode Mode; }
                }

                namespace Sockets
                {
                    internal static class Bottom { public static TypedDgram.Messaging.QueueFullMode Mode; }
                }
            }
            """;

        var violations = LayerRules.Check("Blocks.cs", Source);

        Assert.Equal(
            [(3, "TypedDgram.Sockets", "TypedDgram.Contracts"), (12, "TypedDgram.Sockets", "TypedDgram.Messaging.QueueFullMode")],
            violations.Select(violation => (violation.Line, violation.Namespace, violation.Used)));
    }

    private static bool IsBuildOutput(string project, string file)
    {
        var relative = Path.GetRelativePath(project, file).Replace('\\', '/');
        return relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TypedDgram.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("TypedDgram.sln not found above " + AppContext.BaseDirectory);
    }
}
