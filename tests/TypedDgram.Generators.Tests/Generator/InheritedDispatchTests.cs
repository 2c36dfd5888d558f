using System.Reflection;
using System.Runtime.Loader;
using MessagePack;
using Microsoft.CodeAnalysis;
using TypedDgram.Contracts;
using TypedDgram.Contracts.Generated;
using TypedDgram.Generators.Tests.Infrastructure;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace TypedDgram.Generators.Tests.Generator;

/// <summary>
/// A handler class deriving from a handler class of another assembly: its generated dispatch overrides the base's
/// DispatchDatagram, compiles clean, and at run time dispatches its own handlers and falls back to the base's.
/// </summary>
public class InheritedDispatchTests
{
    private const string Library = """
        using TypedDgram.Contracts;

        namespace Library;

        [Datagram(Id = 1)]
        public partial record Ping(int Seq);

        public partial class ServerBase
        {
            public static string? Last;

            [DatagramHandler] void On(Ping ping) => Last = "base ping " + ping.Seq;
        }
        """;

    private const string Application = """
        using TypedDgram.Contracts;

        namespace Application;

        [Datagram(Id = 2)]
        public partial record Pong(int Seq);

        public sealed partial class Server : Library.ServerBase
        {
            [DatagramHandler] void On(Pong pong) => Last = "derived pong " + pong.Seq;
        }
        """;

    [Fact]
    public void A_derived_class_overrides_the_dispatch_of_a_base_class_in_another_assembly()
    {
        var (files, output) = Build();

        Assert.Contains("protected override global::TypedDgram.Contracts.Generated.DispatchResult DispatchDatagram(", files["Application.Server.Dispatch.g.cs"]);
        Assert.Contains("return base.DispatchDatagram(typeId, ref reader, memberCount, ref context, from);", files["Application.Server.Dispatch.g.cs"]);
        Assert.Empty(TestCompilation.Problems(output));
    }

    [Fact]
    public void At_run_time_a_derived_class_dispatches_its_own_handlers_and_those_of_a_base_class_in_another_assembly()
    {
        var (_, output) = Build();
        var context = new AssemblyLoadContext(nameof(InheritedDispatchTests), isCollectible: true);
        try
        {
            var library = context.LoadFromStream(new MemoryStream(Emit(LibraryCompilation())));
            var application = context.LoadFromStream(new MemoryStream(Emit(output)));
            var server = (IDatagramHandlers)Activator.CreateInstance(application.GetType("Application.Server")!)!;
            var last = library.GetType("Library.ServerBase")!.GetField("Last")!;

            Assert.Equal(DispatchStatus.Handled, Dispatch(server, [0x92, 0x01, 0x07]));   // Library.Ping(7)
            Assert.Equal("base ping 7", last.GetValue(null));
            Assert.Equal(DispatchStatus.Handled, Dispatch(server, [0x92, 0x02, 0x08]));   // Application.Pong(8)
            Assert.Equal("derived pong 8", last.GetValue(null));
            Assert.Equal(DispatchStatus.NoHandler, Dispatch(server, [0x92, 0x03, 0x09]));
        }
        finally
        {
            context.Unload();
        }
    }

    private static (IReadOnlyDictionary<string, string> Files, Compilation Output) Build()
    {
        var library = MetadataReference.CreateFromImage(Emit(LibraryCompilation()));
        var compilation = TestCompilation.Create(Application).AddReferences(library);
        TestCompilation.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var files = output.SyntaxTrees
            .Skip(compilation.SyntaxTrees.Length)
            .ToDictionary(tree => Path.GetFileName(tree.FilePath), tree => tree.GetText().ToString());
        return (files, output);
    }

    private static Compilation LibraryCompilation()
    {
        var compilation = TestCompilation.Create(Library).WithAssemblyName("Library");
        TestCompilation.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return output;
    }

    private static byte[] Emit(Compilation compilation)
    {
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return image.ToArray();
    }

    private static DispatchStatus Dispatch(IDatagramHandlers handlers, byte[] datagram)
    {
        var reader = new MessagePackReader(datagram);
        var context = new DatagramReadContext(DatagramReaderLimits.Default);
        Assert.True(DatagramEnvelope.TryReadHeader(ref reader, ref context, out var typeId, out var memberCount));
        return handlers.Dispatch(typeId, ref reader, memberCount, ref context, default(RemoteInfo)).Status;
    }
}
