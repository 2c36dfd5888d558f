using static TypedDgram.Generators.Tests.Compatibility.CompatibilityVerifier;

namespace TypedDgram.Generators.Tests.Compatibility;

/// <summary>Each TDG11xx rule at its exact span, and the quiet cases: no files, a recorded layout, a compatible change recorded.</summary>
public class CompatibilityRuleTests
{
    private const string PingShipped = "Demo.Ping = 1: [0] int Seq, [1] string? Note\n";

    [Fact]
    public Task A_project_without_the_files_gets_no_diagnostic()
        => VerifyAsync("[Datagram(Id = 1)] public partial record Ping(string Seq);", shipped: null);

    [Fact]
    public Task A_contract_as_recorded_in_the_shipped_file_is_quiet()
        => VerifyAsync("[Datagram(Id = 1)] public partial record Ping(int Seq, string? Note);", PingShipped);

    [Fact]
    public Task A_compatible_change_recorded_in_the_unshipped_file_is_quiet()
        => VerifyAsync(
            "[Datagram(Id = 1)] public partial record Ping(long Seq, string? Note, int Retries = 3);",
            PingShipped,
            "Demo.Ping = 1: [0] long Seq, [1] string? Note, [2] int Retries\n");

    [Fact]
    public Task Removing_a_shipped_member_is_TDG1101_on_the_contract_name()
        => VerifyAsync("[Datagram(Id = 1)] public partial record {|TDG1101:Ping|}(int Seq);", PingShipped);

    [Fact]
    public Task Reordering_shipped_members_is_TDG1102_on_each_moved_member()
        => VerifyAsync(
            "[Datagram(Id = 1)] public partial record Ping(int {|TDG1102:Count|}, int {|TDG1102:Seq|});",
            "Demo.Ping = 1: [0] int Seq, [1] int Count\n");

    [Fact]
    public Task Inserting_a_member_before_shipped_ones_is_TDG1102_on_the_inserted_and_the_moved_member()
        => VerifyAsync(
            "[Datagram(Id = 1)] public partial record Ping(int Seq, int? {|TDG1102:Extra|}, int {|TDG1102:Count|});",
            "Demo.Ping = 1: [0] int Seq, [1] int Count\n");

    [Fact]
    public Task Retyping_a_shipped_member_to_another_encoding_is_TDG1103_on_its_type()
        => VerifyAsync("[Datagram(Id = 1)] public partial record Ping({|TDG1103:string|} Seq, string? Note);", PingShipped);

    [Fact]
    public Task Narrowing_a_shipped_integer_member_is_TDG1103()
        => VerifyAsync("[Datagram(Id = 1)] public partial record Ping({|TDG1103:int|} Seq);", "Demo.Ping = 1: [0] long Seq\n");

    [Fact]
    public Task Making_a_shipped_nullable_member_non_nullable_is_TDG1103()
        => VerifyAsync("[Datagram(Id = 1)] public partial record Ping(int Seq, {|TDG1103:string|} Note = \"\");", PingShipped);

    [Fact]
    public Task Making_a_shipped_optional_member_required_is_TDG1104_on_the_member()
        => VerifyAsync(
            "[Datagram(Id = 1)] public partial record Ping(int Seq, string {|TDG1104:Note|});",
            "Demo.Ping = 1: [0] int Seq, [1] string Note\n");

    [Fact]
    public Task Appending_a_required_member_is_TDG1104()
        => VerifyAsync("[Datagram(Id = 1)] public partial record Ping(int Seq, string? Note, string {|TDG1104:Label|});", PingShipped);

    [Fact]
    public Task Changing_a_shipped_explicit_id_is_TDG1105_on_the_Id_argument()
        => VerifyAsync("[Datagram({|TDG1105:Id = 2|})] public partial record Ping(int Seq, string? Note);", PingShipped);

    [Fact]
    public Task Changing_a_shipped_hashed_id_to_an_explicit_one_is_TDG1105()
        => VerifyAsync(
            "[Datagram({|TDG1105:Id = 5|})] public partial record Ping(int Seq);",
            "Demo.Ping = 0xC732BDA0: [0] int Seq\n");

    [Fact]
    public Task Giving_a_contract_the_id_another_shipped_contract_has_is_TDG1106()
        => VerifyAsync(
            """
            [Datagram(Id = 1)] public partial record Ping(int Seq, string? Note);
            [Datagram({|TDG1106:Id = 1|})] public partial record Pong(int Seq);
            """,
            PingShipped + "Demo.Pong = 2: [0] int Seq\n");

    [Fact]
    public Task A_new_contract_taking_a_deleted_contracts_id_with_another_layout_is_TDG1106()
        => VerifyAsync("[Datagram({|TDG1106:Id = 1|})] public partial record Hello(string Name);", PingShipped);

    [Fact]
    public Task Renaming_a_contract_that_keeps_its_explicit_id_and_layout_is_only_not_recorded()
        => VerifyAsync("[Datagram(Id = 1)] public partial record {|TDG1108:Ping2|}(int Seq, string? Note);", PingShipped);

    [Fact]
    public Task A_renamed_contract_recorded_under_its_new_name_is_quiet()
        => VerifyAsync("[Datagram(Id = 1)] public partial record Ping2(int Seq, string? Note);", PingShipped, "Demo.Ping2 = 1: [0] int Seq, [1] string? Note\n");

    [Fact]
    public Task Deleting_a_shipped_contract_is_TDG1107_on_its_shipped_line()
        => VerifyAsync(
            "[Datagram(Id = 1)] public partial record Ping(int Seq, string? Note);",
            PingShipped + "{|TDG1107:Demo.Gone = 3: [0] int A|}\n");

    [Fact]
    public Task Renaming_a_contract_with_a_hashed_id_deletes_the_shipped_one_and_adds_a_new_one()
        => VerifyAsync(
            "[Datagram] public partial record {|TDG1108:Ping2|}(int Seq);",
            "{|TDG1107:Demo.Ping = 0xC732BDA0: [0] int Seq|}\n");

    [Fact]
    public Task Deleting_a_shipped_part_is_TDG1107()
        => VerifyAsync(
            "[Datagram(Id = 1)] public partial record Ping(int Seq, string? Note);",
            PingShipped + "{|TDG1107:Demo.Point = part: [0] int X, [1] int Y|}\n");

    [Fact]
    public Task Removing_a_member_of_a_shipped_part_is_TDG1101()
        => VerifyAsync(
            "[DatagramPart] public partial record struct {|TDG1101:Point|}(int X);",
            "Demo.Point = part: [0] int X, [1] int Y\n");

    [Fact]
    public Task Retyping_a_member_of_a_nominal_record_is_TDG1103_on_the_property_type()
        => VerifyAsync(
            """
            [Datagram(Id = 1)] public partial record Settings
            {
                public {|TDG1103:string|} Name { get; init; } = "";
                public int Retries { get; init; }
            }
            """,
            "Demo.Settings = 1: [0] int Name, [1] int Retries\n");

    [Fact]
    public Task Appending_an_optional_member_is_TDG1108_on_the_contract_name()
        => VerifyAsync("[Datagram(Id = 1)] public partial record {|TDG1108:Ping|}(int Seq, string? Note, int Retries = 3);", PingShipped);

    [Fact]
    public Task Widening_a_member_is_TDG1108()
        => VerifyAsync("[Datagram(Id = 1)] public partial record {|TDG1108:Ping|}(long Seq, string? Note);", PingShipped);

    [Fact]
    public Task Renaming_a_member_is_TDG1108()
        => VerifyAsync("[Datagram(Id = 1)] public partial record {|TDG1108:Ping|}(int Sequence, string? Note);", PingShipped);

    [Fact]
    public Task Changing_between_collection_types_written_alike_is_quiet()
        => VerifyAsync(
            "[Datagram(Id = 1)] public partial record Batch(List<int> Items, IReadOnlyDictionary<string, long[]> ByName);",
            "Demo.Batch = 1: [0] array<int> Items required, [1] map<string, array<long>> ByName required\n");

    [Fact]
    public Task A_new_contract_is_TDG1108()
        => VerifyAsync(
            """
            [Datagram(Id = 1)] public partial record Ping(int Seq, string? Note);
            [Datagram(Id = 2)] public partial record {|TDG1108:Pong|}(int Seq, DateTime SentAt, Dictionary<int, string?>? Tags);
            """,
            PingShipped);

    [Fact]
    public Task An_unreadable_line_is_TDG1109_on_the_line()
        => VerifyAsync(
            "[Datagram(Id = 1)] public partial record Ping(int Seq, string? Note);",
            "# shipped in 1.0\n" + PingShipped + "{|TDG1109:Demo.Pong = 2: int Seq|}\n");
}
