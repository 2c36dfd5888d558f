using Microsoft.CodeAnalysis.Testing;
using TypedDgram.CodeFixes;
using TypedDgram.Generators.Contracts;
using Verify = TypedDgram.Generators.Tests.ContractRules.ContractRuleVerifier;

namespace TypedDgram.Generators.Tests.ContractRules;

public class ContractAnalyzerTests
{
    [Fact]
    public Task Correct_contracts_and_parts_are_quiet()
        => Verify.VerifyAsync<ContractAnalyzer>("""
            [Datagram(Id = 1)] public partial record Ping(int Seq, DateTimeOffset SentAt, List<Point> Trail);
            [Datagram] public partial record Pong(int Seq, string? Note = null);
            [DatagramPart] public partial record struct Point(int X, int Y);
            [Datagram(Id = 2147483391)] public partial record Highest();
            [Datagram(Id = 3)] public partial record Nominal { public int A { get; init; } }
            public partial class Outer { [Datagram(Id = 4)] public partial record Inner(int A); }
            """);

    [Fact]
    public Task TDG1001_contract_not_partial()
        => Verify.VerifyAsync<ContractAnalyzer>("""
            [Datagram(Id = 1)] public record {|TDG1001:Ping|}(int Seq);
            """);

    [Fact]
    public Task TDG1001_containing_type_not_partial()
        => Verify.VerifyAsync<ContractAnalyzer>("""
            public class {|TDG1001:Outer|} { [Datagram(Id = 1)] public partial record Inner(int A); }
            """);

    [Fact]
    public Task TDG1001_part_not_partial()
        => Verify.VerifyAsync<ContractAnalyzer>("""
            [DatagramPart] public record struct {|TDG1001:Point|}(int X, int Y);
            """);

    [Fact]
    public Task TDG1002_same_explicit_id_twice()
        => Verify.VerifyAsync<ContractAnalyzer>("""
            [Datagram({|TDG1002:Id = 7|})] public partial record Ping(int Seq);
            [Datagram({|TDG1002:Id = 7|})] public partial record Pong(int Seq);
            """);

    [Fact]
    public Task TDG1002_explicit_id_equal_to_another_contracts_hash_is_impossible_so_hashes_only_clash_with_hashes()
        => Verify.VerifyAsync<ContractAnalyzer>("""
            [Datagram(Id = 1)] public partial record A(int X);
            [Datagram] public partial record B(int X);
            [Datagram] public partial record C(int X);
            """);

    [Fact]
    public Task TDG1003_unsupported_member_types_are_named()
        => Verify.VerifyAsync<ContractAnalyzer>("""
            public class Plain { }
            [Datagram(Id = 1)] public partial record Bad({|#0:object|} Anything, {|TDG1003:Plain|} Thing, {|TDG1003:int[,]|} Grid,
                {|TDG1003:Dictionary<int[], int>|} ByArray, {|TDG1003:HashSet<int>|} Set, int Fine);
            [DatagramPart] public partial record Part { public {|TDG1003:Uri|} Where { get; init; } = null!; }
            """,
            new DiagnosticResult("TDG1003", Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithLocation(0).WithArguments("Anything", "Bad", "object"));

    [Fact]
    public Task TDG1001_containing_type_of_a_handler_class_not_partial()
        => Verify.VerifyAsync<ContractAnalyzer>("""
            [Datagram(Id = 1)] public partial record Ping(int Seq);
            public class {|TDG1001:Host|} { public partial class Server { [DatagramHandler] void On(Ping ping) { } } }
            """);

    [Fact]
    public Task TDG1006_id_zero_negative_or_reserved()
        => Verify.VerifyAsync<ContractAnalyzer>("""
            [Datagram({|TDG1006:Id = 0|})] public partial record Zero();
            [Datagram({|TDG1006:Id = -5|})] public partial record Negative();
            [Datagram({|TDG1006:Id = 0x7FFFFF00|})] public partial record Reserved();
            """);

    [Fact]
    public Task TDG1007_not_a_record_generic_or_abstract()
        => Verify.VerifyAsync<ContractAnalyzer>("""
            [Datagram(Id = 1)] public partial class {|TDG1007:NotARecord|} { }
            [Datagram(Id = 2)] public partial record {|TDG1007:Generic|}<T>(T Value);
            [Datagram(Id = 3)] public abstract partial record {|TDG1007:Abstract|}(int A);
            public partial class Box<T> { [Datagram(Id = 4)] public partial record {|TDG1007:InGeneric|}(int A); }
            [Datagram(Id = 5)] public partial record {|TDG1007:NoConstructor|} { public NoConstructor(int a) { } public int A { get; init; } }
            """);

    [Fact]
    public Task TDG1001_is_disabled_by_pragma()
        => Verify.VerifyAsync<ContractAnalyzer>("""
            #pragma warning disable TDG1001
            [Datagram(Id = 1)] public record Ping(int Seq);
            #pragma warning restore TDG1001
            """);

    [Fact]
    public Task Make_partial_fixes_a_contract()
        => Verify.VerifyFixAsync<ContractAnalyzer, MakePartialCodeFix>(
            """
            [Datagram(Id = 1)]
            public sealed record {|TDG1001:Ping|}(int Seq);
            """,
            """
            [Datagram(Id = 1)]
            public sealed partial record Ping(int Seq);
            """);

    [Fact]
    public Task Make_partial_fixes_a_declaration_without_modifiers()
        => Verify.VerifyFixAsync<ContractAnalyzer, MakePartialCodeFix>(
            """
            [DatagramPart]
            record struct {|TDG1001:Point|}(int X, int Y);
            """,
            """
            [DatagramPart]
            partial record struct Point(int X, int Y);
            """);

    [Fact]
    public Task Make_partial_fix_all_fixes_every_declaration()
        => Verify.VerifyFixAsync<ContractAnalyzer, MakePartialCodeFix>(
            """
            public class {|TDG1001:Outer|}
            {
                [Datagram(Id = 1)] public record {|TDG1001:Ping|}(int Seq);
                [Datagram(Id = 2)] public record {|TDG1001:Pong|}(int Seq);
            }
            """,
            """
            public partial class Outer
            {
                [Datagram(Id = 1)] public partial record Ping(int Seq);
                [Datagram(Id = 2)] public partial record Pong(int Seq);
            }
            """);
}
