using static TypedDgram.Generators.Tests.Compatibility.CompatibilityVerifier;

namespace TypedDgram.Generators.Tests.Compatibility;

/// <summary>TDG1108's fix writes the contract's line into DatagramContracts.Unshipped.txt; Fix All records them all at once.</summary>
public class RecordContractCodeFixTests
{
    [Fact]
    public Task A_new_contract_is_inserted_in_name_order_after_the_header()
        => VerifyFixAsync(
            "[Datagram(Id = 2)] public partial record {|TDG1108:Pong|}(int Seq, string? Note);",
            shipped: "",
            unshipped: "# not yet released\nDemo.Alpha = 7:\nDemo.Zulu = 8: [0] int A\n",
            fixedUnshipped: "# not yet released\nDemo.Alpha = 7:\nDemo.Pong = 2: [0] int Seq, [1] string? Note\nDemo.Zulu = 8: [0] int A\n");

    [Fact]
    public Task A_changed_contract_replaces_its_unshipped_line_in_place()
        => VerifyFixAsync(
            "[Datagram(Id = 1)] public partial record {|TDG1108:Ping|}(int Seq, string? Note, int Retries = 3);",
            shipped: "Demo.Ping = 1: [0] int Seq\n",
            unshipped: "Demo.Ping = 1: [0] int Seq, [1] string? Note\nDemo.Zulu = 8: [0] int A\n",
            fixedUnshipped: "Demo.Ping = 1: [0] int Seq, [1] string? Note, [2] int Retries\nDemo.Zulu = 8: [0] int A\n");

    [Fact]
    public Task Fix_all_records_every_new_and_changed_contract_and_part()
        => VerifyFixAsync(
            """
            [Datagram(Id = 1)] public partial record {|TDG1108:Ping|}(long Seq, Point? At);
            [Datagram(Id = 2)] public partial record {|TDG1108:Pong|}(int Seq, string Label);
            [Datagram(Id = 3)] public partial record Quiet(int A);
            [DatagramPart] public partial record struct {|TDG1108:Point|}(int X, int Y);
            """,
            shipped: "Demo.Ping = 1: [0] int Seq\nDemo.Quiet = 3: [0] int A\n",
            unshipped: "",
            fixedUnshipped: "Demo.Ping = 1: [0] long Seq, [1] Demo.Point? At\nDemo.Point = part: [0] int X, [1] int Y\nDemo.Pong = 2: [0] int Seq, [1] string Label required\n");

    [Fact]
    public Task Without_an_unshipped_file_the_fix_creates_it()
        => VerifyFixAsync(
            "[Datagram(Id = 1)] public partial record {|TDG1108:Ping|}(int Seq, int Count);",
            shipped: "Demo.Ping = 1: [0] int Seq\n",
            unshipped: null,
            fixedUnshipped: "Demo.Ping = 1: [0] int Seq, [1] int Count\n");
}
