using TypedDgram.Generators.Tests.Infrastructure;

namespace TypedDgram.Generators.Tests.Generator;

/// <summary>The generated source for a representative set of declarations, compared with committed files.</summary>
public class SnapshotTests
{
    private const string EveryMemberType = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using TypedDgram.Contracts;

        namespace Demo;

        public enum Level : short { Low = -1, High = 1 }

        [DatagramPart]
        public partial record Point(int X, int Y);

        [Datagram(Id = 1)]
        public partial record Sample(
            bool Bool, byte Byte, sbyte SByte, short Short, ushort UShort, int Int, uint UInt, long Long, ulong ULong,
            nint NInt, nuint NUInt, char Char, float Float, double Double, decimal Decimal, string String, string? MaybeString,
            byte[] Bytes, ReadOnlyMemory<byte> Memory, Level Level, Guid Guid, DateTime DateTime, DateTimeOffset DateTimeOffset,
            TimeSpan TimeSpan, int? MaybeInt, Level? MaybeLevel, int[] Ints, string?[]? Strings, List<Point> Points,
            IReadOnlyList<long> Longs, ImmutableArray<Guid> Guids, Dictionary<string, Point?> ByName,
            IReadOnlyDictionary<Level, double>? ByLevel, int[][] Jagged);
        """;

    private const string Handlers = """
        using System.Threading.Tasks;
        using TypedDgram.Contracts;
        using TypedDgram.Sockets;

        namespace Demo;

        [Datagram(Id = 1)]
        public partial record Ping(int Seq);

        [Datagram]
        public partial record Pong(int Seq);

        [Datagram(Id = 3)]
        public partial record Bye();

        public partial class PingServer
        {
            [DatagramHandler] void On(Ping ping, RemoteInfo from) { }
            [DatagramHandler] ValueTask On(Pong pong, RemoteInfo from) => default;
            [DatagramHandler] Task OnBye(Bye bye) => Task.CompletedTask;
        }

        public partial class Relay<TState> where TState : class
        {
            [DatagramHandler] void Forward(Ping ping) { }
        }

        public partial class Host
        {
            public partial class Inner
            {
                [DatagramHandler] ValueTask Handle(Pong pong) => default;
            }
        }
        """;

    private const string InheritedHandlers = """
        using System.Threading.Tasks;
        using TypedDgram.Contracts;
        using TypedDgram.Sockets;

        namespace Demo;

        [Datagram(Id = 1)]
        public partial record Ping(int Seq);

        [Datagram(Id = 2)]
        public partial record Pong(int Seq);

        [Datagram(Id = 3)]
        public partial record Bye();

        public abstract partial class ServerBase
        {
            [DatagramHandler] void On(Ping ping) { }
            [DatagramHandler] protected virtual ValueTask On(Pong pong, RemoteInfo from) => default;
        }

        public partial class Middle : ServerBase
        {
        }

        public sealed partial class Server : Middle
        {
            [DatagramHandler] void On(Bye bye) { }
            [DatagramHandler] void Replace(Ping ping) { }
            protected override ValueTask On(Pong pong, RemoteInfo from) => default;
        }

        public partial class Repository<TItem>
        {
            [DatagramHandler] void On(Ping ping) { }
        }

        public partial class ItemRepository : Repository<string>
        {
            [DatagramHandler] Task On(Bye bye) => Task.CompletedTask;
        }
        """;

    [Fact]
    public void Every_supported_member_type()
        => VerifyAll(nameof(Every_supported_member_type), EveryMemberType);

    [Fact]
    public void Nested_contracts_and_parts()
        => VerifyAll(nameof(Nested_contracts_and_parts), """
            using TypedDgram.Contracts;

            namespace Demo.Shapes;

            [DatagramPart]
            public partial record struct Vector(float X, float Y);

            [DatagramPart]
            public partial record Segment(Vector From, Vector? To);

            [Datagram(Id = 5)]
            public partial record Header(int Version);

            [Datagram(Id = 6)]
            public partial record Drawing(Header Header, Segment[] Segments, Segment? Highlight);
            """);

    [Fact]
    public void Explicit_and_hashed_ids_and_defaults()
        => VerifyAll(nameof(Explicit_and_hashed_ids_and_defaults), """
            using TypedDgram.Contracts;

            [Datagram]
            public partial record GlobalHello(string Name);

            namespace MyApp.Protocol
            {
                public enum Mode { Off, On }

                [Datagram]
                public partial record Ping(int Seq);

                [Datagram(Id = 0x7FFFFEFF)]
                public partial record Defaults(int Count = 3, string? Note = "n/a", double Ratio = 0.5, long Big = -9000000000,
                    decimal Price = 1.25m, Mode Mode = Mode.On, char Mark = 'x', bool Flag = true);

                [Datagram(Id = 9)]
                public partial record Settings
                {
                    public int Volume { get; init; }
                    public required string Name { get; init; }
                }
            }
            """);

    [Fact]
    public void Contracts_inside_nested_and_generic_containing_types()
        => VerifyAll(nameof(Contracts_inside_nested_and_generic_containing_types), """
            using TypedDgram.Contracts;

            namespace Demo;

            public static partial class Protocol
            {
                public partial struct Version1
                {
                    [Datagram(Id = 1)]
                    public partial record Hello(string Name);
                }
            }
            """);

    [Fact]
    public void Handlers_sync_and_async_in_plain_generic_and_nested_classes()
        => VerifyAll(nameof(Handlers_sync_and_async_in_plain_generic_and_nested_classes), Handlers);

    [Fact]
    public void Authenticated_contract_declares_it()
        => VerifyAll(nameof(Authenticated_contract_declares_it), """
            using TypedDgram.Contracts;

            namespace Demo;

            [Datagram(Id = 40, Authenticated = true)]
            public partial record Unlock(int Door);
            """);

    private const string RequestHandlers = """
        using System.Threading.Tasks;
        using TypedDgram.Contracts;
        using TypedDgram.Sockets;

        namespace Demo;

        [Datagram(Id = 10)]
        public partial record GetQuote(string Symbol) : IRequest<Quote>;

        [Datagram(Id = 11)]
        public partial record Quote(string Symbol, decimal Price);

        [Datagram(Id = 12)]
        public partial record struct Buy(string Symbol, int Count) : IRequest<Quote>;

        [Datagram(Id = 13)]
        public partial record Sell(string Symbol) : IRequest<Quote>;

        [Datagram(Id = 14)]
        public partial record Forget(string Symbol) : IRequest<Quote>;

        public sealed partial class QuoteServer
        {
            [DatagramHandler] Quote On(GetQuote request) => new(request.Symbol, 1m);
            [DatagramHandler] ValueTask<Quote> On(Buy request, RemoteInfo from) => ValueTask.FromResult(new Quote(request.Symbol, 2m));
            [DatagramHandler] Task<Quote> On(Sell request) => Task.FromResult(new Quote(request.Symbol, 3m));
            [DatagramHandler] void On(Forget request) { }
        }
        """;

    [Fact]
    public void Request_contracts_and_handlers_that_return_their_response()
        => VerifyAll(nameof(Request_contracts_and_handlers_that_return_their_response), RequestHandlers);

    [Fact]
    public void Generated_request_code_compiles_without_warnings()
    {
        var (_, output) = TestCompilation.Generate(RequestHandlers);
        Assert.Empty(TestCompilation.Problems(output));
    }

    [Fact]
    public void Handlers_inherited_from_base_classes_fall_back_to_the_base_dispatch()
        => VerifyAll(nameof(Handlers_inherited_from_base_classes_fall_back_to_the_base_dispatch), InheritedHandlers);

    [Fact]
    public void Generated_dispatch_code_compiles_without_warnings()
    {
        var (_, output) = TestCompilation.Generate(Handlers);
        Assert.Empty(TestCompilation.Problems(output));
    }

    [Fact]
    public void Generated_dispatch_code_of_derived_handler_classes_compiles_without_warnings()
    {
        var (_, output) = TestCompilation.Generate(InheritedHandlers);
        Assert.Empty(TestCompilation.Problems(output));
    }

    [Fact]
    public void Generated_code_compiles_without_warnings_for_contracts_declared_without_nullable_annotations()
    {
        var (files, output) = TestCompilation.Generate("""
            #nullable disable
            using System.Collections.Generic;
            using TypedDgram.Contracts;

            namespace Legacy;

            [DatagramPart] public partial record Tag(string Name);

            [Datagram(Id = 1)]
            public partial record Old(string Text, byte[] Data, List<string> Names, Dictionary<string, Tag> Tags, Tag[] All, Tag One);
            """);
        Assert.Contains("Legacy.Old.Datagram.g.cs", files.Keys);
        Assert.Empty(TestCompilation.Problems(output));
    }

    [Fact]
    public void Generated_contract_code_compiles_without_warnings()
    {
        var (_, output) = TestCompilation.Generate(EveryMemberType);
        Assert.Empty(TestCompilation.Problems(output));
    }

    private static void VerifyAll(string name, params string[] sources)
    {
        var (files, _) = TestCompilation.Generate(sources);
        Assert.NotEmpty(files);
        foreach (var (hintName, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            Snapshot.Verify(name + "." + hintName.Replace(".g.cs", string.Empty), text);
        }
    }
}
