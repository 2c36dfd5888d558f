using TypedDgram.CodeFixes;
using TypedDgram.Generators.Dispatch;
using Verify = TypedDgram.Generators.Tests.ContractRules.ContractRuleVerifier;

namespace TypedDgram.Generators.Tests.ContractRules;

public class HandlerAnalyzerTests
{
    private const string Contracts = """
        [Datagram(Id = 1)] public partial record Ping(int Seq);
        [Datagram(Id = 2)] public partial record Pong(int Seq);
        [DatagramPart] public partial record Point(int X, int Y);

        """;

    [Fact]
    public Task Correct_handlers_are_quiet()
        => Verify.VerifyAsync<HandlerAnalyzer>(Contracts + """
            public partial class Server
            {
                [DatagramHandler] void On(Ping ping, RemoteInfo from) { }
                [DatagramHandler] ValueTask On(Pong pong) => default;
            }
            public partial class Generic<T> { [DatagramHandler] Task On(Ping ping) => Task.CompletedTask; }
            """);

    [Fact]
    public Task TDG1004_wrong_signatures()
        => Verify.VerifyAsync<HandlerAnalyzer>(Contracts + """
            public partial class Server
            {
                [DatagramHandler] static void {|TDG1004:Static|}(Ping ping) { }
                [DatagramHandler] int {|TDG1004:ReturnsInt|}(Ping ping) => 0;
                [DatagramHandler] void {|TDG1004:NoParameters|}() { }
                [DatagramHandler] void {|TDG1004:SecondNotSender|}(Ping ping, string from) { }
                [DatagramHandler] void {|TDG1004:ByRef|}(ref Ping ping) { }
                [DatagramHandler] void {|TDG1004:Generic|}<T>(Ping ping) { }
                [DatagramHandler] ValueTask<int> {|TDG1004:ReturnsValue|}(Ping ping) => default;
            }
            public partial struct {|TDG1004:InStruct|} { [DatagramHandler] void On(Ping ping) { } }
            """.Replace("{|TDG1004:InStruct|} { [DatagramHandler] void On", "InStruct { [DatagramHandler] void {|TDG1004:On|}"));

    private const string Requests = """
        [Datagram(Id = 10)] public partial record GetQuote(string Symbol) : IRequest<Quote>;
        [Datagram(Id = 11)] public partial record Quote(string Symbol, decimal Price);

        """;

    [Fact]
    public Task Request_handlers_returning_their_response_are_quiet()
        => Verify.VerifyWithoutGeneratorAsync<HandlerAnalyzer>(Contracts + Requests + """
            public partial class Sync { [DatagramHandler] Quote On(GetQuote q) => new(q.Symbol, 1m); }
            public partial class WithSender { [DatagramHandler] Quote? On(GetQuote q, RemoteInfo from) => null; }
            public partial class AsyncValue { [DatagramHandler] ValueTask<Quote> On(GetQuote q, RemoteInfo from) => default; }
            public partial class AsyncTask { [DatagramHandler] Task<Quote> On(GetQuote q) => Task.FromResult(new Quote(q.Symbol, 1m)); }
            """);

    [Fact]
    public Task TDG1011_request_handler_returning_nothing()
        => Verify.VerifyWithoutGeneratorAsync<HandlerAnalyzer>(Contracts + Requests + """
            public partial class NoAnswer { [DatagramHandler] {|TDG1011:void|} On(GetQuote q) { } }
            public partial class AsyncNoAnswer { [DatagramHandler] {|TDG1011:ValueTask|} On(GetQuote q, RemoteInfo from) => default; }
            public partial class TaskNoAnswer { [DatagramHandler] {|TDG1011:Task|} On(GetQuote q) => Task.CompletedTask; }
            public partial class Deliberate
            {
            #pragma warning disable TDG1011
                [DatagramHandler] void On(GetQuote q) { }
            #pragma warning restore TDG1011
            }
            """);

    [Fact]
    public Task TDG1010_request_handler_returns_another_type_than_the_response()
        => Verify.VerifyWithoutGeneratorAsync<HandlerAnalyzer>(Contracts + Requests + """
            public partial class Server
            {
                [DatagramHandler] {|TDG1010:Pong|} On(GetQuote q) => new(1);
            }
            public partial class AsyncServer { [DatagramHandler] {|TDG1010:ValueTask<Pong>|} On(GetQuote q) => default; }
            public partial class TaskServer { [DatagramHandler] {|TDG1010:Task<int>|} On(GetQuote q, RemoteInfo from) => Task.FromResult(1); }
            public partial class IntServer { [DatagramHandler] {|TDG1010:int|} On(GetQuote q) => 0; }
            """);

    [Fact]
    public Task A_response_returned_for_a_contract_that_is_not_a_request_is_TDG1004()
        => Verify.VerifyWithoutGeneratorAsync<HandlerAnalyzer>(Contracts + Requests + """
            public partial class Server { [DatagramHandler] Quote {|TDG1004:On|}(Ping ping) => new("x", 1m); }
            """);

    [Fact]
    public Task TDG1005_message_type_is_not_a_contract()
        => Verify.VerifyAsync<HandlerAnalyzer>(Contracts + """
            public partial class Server
            {
                [DatagramHandler] void OnPart({|TDG1005:Point|} point) { }
                [DatagramHandler] void OnString({|TDG1005:string|} text, RemoteInfo from) { }
            }
            """);

    [Fact]
    public Task TDG1008_two_handlers_for_one_contract()
        => Verify.VerifyAsync<HandlerAnalyzer>(Contracts + """
            public partial class Server
            {
                [DatagramHandler] void On(Ping ping) { }
                [DatagramHandler] void {|TDG1008:Again|}(Ping ping, RemoteInfo from) { }
            }
            """);

    private const string HandWrittenBase = """
        public class HandWritten : TypedDgram.Messaging.IDatagramHandlers
        {
            public TypedDgram.Contracts.Generated.DispatchResult Dispatch(uint typeId, ref MessagePack.MessagePackReader reader, int memberCount, ref DatagramReadContext context, RemoteInfo from)
                => TypedDgram.Contracts.Generated.DispatchResult.NoHandler;
        }

        """;

    [Fact]
    public Task TDG1009_handlers_over_a_hand_written_dispatch_hide_it()
        => Verify.VerifyAsync<HandlerAnalyzer>(Contracts + HandWrittenBase + """
            public class Middle : HandWritten { }
            public partial class {|TDG1009:Server|} : Middle { [DatagramHandler] void On(Ping ping) { } }
            """);

    [Fact]
    public Task TDG1009_handlers_over_a_dispatch_implemented_through_another_interface_hide_it()
        => Verify.VerifyAsync<HandlerAnalyzer>(Contracts + """
            public interface ILegacyHandlers : TypedDgram.Messaging.IDatagramHandlers { }
            public abstract class Legacy : ILegacyHandlers
            {
                public abstract TypedDgram.Contracts.Generated.DispatchResult Dispatch(uint typeId, ref MessagePack.MessagePackReader reader, int memberCount, ref DatagramReadContext context, RemoteInfo from);
            }
            public abstract partial class {|TDG1009:Server|} : Legacy { [DatagramHandler] void On(Ping ping) { } }
            """);

    [Fact]
    public Task A_class_without_handlers_over_a_hand_written_dispatch_is_quiet()
        => Verify.VerifyAsync<HandlerAnalyzer>(Contracts + HandWrittenBase + """
            public class Plain : HandWritten { void On(Ping ping) { } }
            """);

    [Fact]
    public Task Handlers_over_a_generated_dispatch_are_quiet()
        => Verify.VerifyAsync<HandlerAnalyzer>(Contracts + """
            public partial class ServerBase { [DatagramHandler] void On(Ping ping) { } }
            public class Middle : ServerBase { }
            public sealed partial class Server : Middle { [DatagramHandler] void On(Pong pong) { } }
            """);

    [Fact]
    public Task TDG1001_handler_class_not_partial()
        => Verify.VerifyAsync<HandlerAnalyzer>(Contracts + """
            public class {|TDG1001:Server|} { [DatagramHandler] void On(Ping ping) { } }
            """);

    [Fact]
    public Task Make_partial_fixes_a_handler_class()
        => Verify.VerifyFixAsync<HandlerAnalyzer, MakePartialCodeFix>(
            Contracts + "internal sealed class {|TDG1001:Server|} { [DatagramHandler] void On(Ping ping) { } }",
            Contracts + "internal sealed partial class Server { [DatagramHandler] void On(Ping ping) { } }");
}
