using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TypedDgram.Generators.Compatibility;

namespace TypedDgram.Generators.Tests.Compatibility;

/// <summary>
/// Each versioning rule of docs/wire-format.md section 4, three ways: what the document says, what the analyzer says
/// (no TDG11xx error on the new version with the old one shipped), and what the generated code of the two versions
/// actually does. Both versions are compiled with the generator and loaded; "peers understand each other" means:
/// <list type="bullet">
/// <item>the new reader reads every datagram the old writer sends, and every shorter one the old reader accepts (what
/// writers older than the old version send), with the members both versions have holding the values sent;</item>
/// <item>the old reader reads what the new writer sends, with every member it knows holding the value sent (a member
/// the new version no longer has cannot hold one).</item>
/// </list>
/// Samples are written per version with the same logical values (named arguments), at the edges of the old types.
/// </summary>
public class WireFormatAgreementTests
{
    /// <param name="Rule">The rule of the document, as it words it.</param>
    /// <param name="Compatible">What the document says.</param>
    /// <param name="Old">The shipped declarations.</param>
    /// <param name="OldSamples">Constructor arguments of the old contract, one sample per '|'.</param>
    /// <param name="New">The current declarations.</param>
    /// <param name="NewSamples">The same samples for the new contract.</param>
    public sealed record Case(string Rule, bool Compatible, string Old, string OldSamples, string New, string NewSamples, string OldName = "Msg", string NewName = "Msg")
    {
        public override string ToString() => (Compatible ? "compatible: " : "incompatible: ") + Rule;
    }

    public static readonly TheoryData<Case> Cases =
    [
        // Compatible changes
        new("adding a member at the end that has a default value", true,
            "[Datagram(Id = 1)] public partial record Msg(int Seq);", "Seq: 1|Seq: int.MaxValue",
            "[Datagram(Id = 1)] public partial record Msg(int Seq, string Note = \"none\");", "Seq: 1, Note: \"a\"|Seq: int.MaxValue, Note: \"b\""),
        new("adding a member at the end that is a value type", true,
            "[Datagram(Id = 1)] public partial record Msg(int Seq);", "Seq: 1",
            "[Datagram(Id = 1)] public partial record Msg(int Seq, long Extra);", "Seq: 1, Extra: 5"),
        new("adding a member at the end that is nullable", true,
            "[Datagram(Id = 1)] public partial record Msg(int Seq);", "Seq: 1",
            "[Datagram(Id = 1)] public partial record Msg(int Seq, string? Note);", "Seq: 1, Note: \"a\""),
        new("adding a member at the end of a part (the new reader gives it its default)", true,
            "[Datagram(Id = 1)] public partial record Msg(Point At); [DatagramPart] public partial record struct Point(int X);", "At: new Point(X: 4)",
            "[Datagram(Id = 1)] public partial record Msg(Point At); [DatagramPart] public partial record struct Point(int X, int Y);", "At: new Point(X: 4, Y: 0)"),
        new("renaming a member", true,
            "[Datagram(Id = 1)] public partial record Msg(int Seq, int Count);", "Seq: 1, Count: 2",
            "[Datagram(Id = 1)] public partial record Msg(int Sequence, int Count);", "Sequence: 1, Count: 2"),
        new("renaming a contract with an explicit id", true,
            "[Datagram(Id = 1)] public partial record Msg(int Seq);", "Seq: 1",
            "[Datagram(Id = 1)] public partial record Message(int Seq);", "Seq: 1", NewName: "Message"),
        new("changing an integer member to a wider integer type (int to long)", true,
            "[Datagram(Id = 1)] public partial record Msg(int Seq);", "Seq: int.MinValue|Seq: int.MaxValue",
            "[Datagram(Id = 1)] public partial record Msg(long Seq);", "Seq: int.MinValue|Seq: int.MaxValue"),
        new("changing an integer member to a wider integer type (ushort to uint)", true,
            "[Datagram(Id = 1)] public partial record Msg(ushort Port);", "Port: ushort.MaxValue",
            "[Datagram(Id = 1)] public partial record Msg(uint Port);", "Port: ushort.MaxValue"),
        new("changing float to double", true,
            "[Datagram(Id = 1)] public partial record Msg(float X);", "X: 1.5f|X: float.MaxValue",
            "[Datagram(Id = 1)] public partial record Msg(double X);", "X: 1.5|X: float.MaxValue"),
        new("making a non-nullable member nullable (old readers never receive null)", true,
            "[Datagram(Id = 1)] public partial record Msg(int Seq, string Note);", "Seq: 1, Note: \"a\"",
            "[Datagram(Id = 1)] public partial record Msg(int? Seq, string? Note);", "Seq: 1, Note: \"a\""),
        new("changing T[] to List<T>", true,
            "[Datagram(Id = 1)] public partial record Msg(int[] Items);", "Items: new[] { 1, 2 }",
            "[Datagram(Id = 1)] public partial record Msg(List<int> Items);", "Items: new List<int> { 1, 2 }"),
        new("changing List<T> to IReadOnlyList<T>", true,
            "[Datagram(Id = 1)] public partial record Msg(List<string> Items);", "Items: new List<string> { \"a\" }",
            "[Datagram(Id = 1)] public partial record Msg(IReadOnlyList<string> Items);", "Items: new[] { \"a\" }"),
        new("changing T[] to ImmutableArray<T>", true,
            "[Datagram(Id = 1)] public partial record Msg(long[] Items);", "Items: new[] { 1L, long.MaxValue }",
            "[Datagram(Id = 1)] public partial record Msg(ImmutableArray<long> Items);", "Items: ImmutableArray.Create(1L, long.MaxValue)"),
        new("changing Dictionary to IReadOnlyDictionary", true,
            "[Datagram(Id = 1)] public partial record Msg(Dictionary<string, int> Counts);", "Counts: new Dictionary<string, int> { [\"a\"] = 1 }",
            "[Datagram(Id = 1)] public partial record Msg(IReadOnlyDictionary<string, int> Counts);", "Counts: new Dictionary<string, int> { [\"a\"] = 1 }"),
        new("an enum is its underlying integer (section 3)", true,
            "[Datagram(Id = 1)] public partial record Msg(int Color);", "Color: 2",
            "[Datagram(Id = 1)] public partial record Msg(Color Color);", "Color: Color.Green"),

        // Incompatible changes
        new("removing a member (the last one)", false,
            "[Datagram(Id = 1)] public partial record Msg(int Seq, int Count);", "Seq: 1, Count: 2",
            "[Datagram(Id = 1)] public partial record Msg(int Seq);", "Seq: 1"),
        new("removing a member (not the last one)", false,
            "[Datagram(Id = 1)] public partial record Msg(int Seq, int Count);", "Seq: 1, Count: 2",
            "[Datagram(Id = 1)] public partial record Msg(int Count);", "Count: 2"),
        new("reordering members", false,
            "[Datagram(Id = 1)] public partial record Msg(int Seq, int Count);", "Seq: 1, Count: 2",
            "[Datagram(Id = 1)] public partial record Msg(int Count, int Seq);", "Count: 2, Seq: 1"),
        new("inserting a member anywhere but the end", false,
            "[Datagram(Id = 1)] public partial record Msg(int Seq, int Count);", "Seq: 1, Count: 2",
            "[Datagram(Id = 1)] public partial record Msg(int Seq, int? Extra, int Count);", "Seq: 1, Extra: 9, Count: 2"),
        new("changing a member's type to another encoding (int to string)", false,
            "[Datagram(Id = 1)] public partial record Msg(int Seq);", "Seq: 1",
            "[Datagram(Id = 1)] public partial record Msg(string Seq);", "Seq: \"1\""),
        new("changing a member's type to another encoding (DateTime to DateTimeOffset)", false,
            "[Datagram(Id = 1)] public partial record Msg(DateTime At);", "At: new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc)",
            "[Datagram(Id = 1)] public partial record Msg(DateTimeOffset At);", "At: new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)"),
        new("narrowing a type (long to int)", false,
            "[Datagram(Id = 1)] public partial record Msg(long Seq);", "Seq: 1|Seq: long.MaxValue",
            "[Datagram(Id = 1)] public partial record Msg(int Seq);", "Seq: 1|Seq: int.MaxValue"),
        new("narrowing a type (double to float)", false,
            "[Datagram(Id = 1)] public partial record Msg(double X);", "X: 0.1",
            "[Datagram(Id = 1)] public partial record Msg(float X);", "X: 0.1f"),
        new("narrowing a type (a nullable member made non-nullable)", false,
            "[Datagram(Id = 1)] public partial record Msg(int Seq, string? Note);", "Seq: 1, Note: null",
            "[Datagram(Id = 1)] public partial record Msg(int Seq, string Note = \"\");", "Seq: 1, Note: \"\""),
        new("changing the type id: a new explicit Id", false,
            "[Datagram(Id = 1)] public partial record Msg(int Seq);", "Seq: 1",
            "[Datagram(Id = 2)] public partial record Msg(int Seq);", "Seq: 1"),
        new("changing the type id: renaming a contract that uses a hashed id", false,
            "[Datagram] public partial record Msg(int Seq);", "Seq: 1",
            "[Datagram] public partial record Message(int Seq);", "Seq: 1", NewName: "Message"),
        new("adding a required member at the end, for old writers", false,
            "[Datagram(Id = 1)] public partial record Msg(int Seq);", "Seq: 1",
            "[Datagram(Id = 1)] public partial record Msg(int Seq, string Label);", "Seq: 1, Label: \"a\""),
        new("making a shipped optional member required, for writers older than it", false,
            "[Datagram(Id = 1)] public partial record Msg(int Seq, string Note = \"none\");", "Seq: 1, Note: \"a\"",
            "[Datagram(Id = 1)] public partial record Msg(int Seq, string Note);", "Seq: 1, Note: \"a\""),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_analyzer_and_the_generated_readers_agree_with_the_wire_format_document(Case rule)
    {
        var old = ContractVersion.Load(rule.Old, rule.OldName, rule.OldSamples.Split('|'));
        var current = ContractVersion.Load(rule.New, rule.NewName, rule.NewSamples.Split('|'));

        var (readersAgree, why) = PeersUnderstandEachOther(old, current);
        var reported = await CompatibilityErrors(current, shipped: old.Lines());

        Assert.True(rule.Compatible == readersAgree, $"the document says {(rule.Compatible ? "compatible" : "incompatible")}, the generated readers say {(readersAgree ? "compatible" : "incompatible: " + why)}");
        Assert.True(rule.Compatible == (reported.Count == 0), $"the document says {(rule.Compatible ? "compatible" : "incompatible")}, the analyzer reported: {(reported.Count == 0 ? "no error" : string.Join("; ", reported))}");
    }

    private static (bool Agree, string Why) PeersUnderstandEachOther(ContractVersion old, ContractVersion current)
    {
        var oldSamples = old.Samples();
        var newSamples = current.Samples();
        Assert.Equal(oldSamples.Length, newSamples.Length);
        for (var k = 0; k < oldSamples.Length; k++)
        {
            // The new reader, given what old writers send: the whole datagram, and every shorter one old readers accept.
            var oldBytes = old.Write(oldSamples[k]);
            for (var members = old.MemberNames.Count; members >= 0; members--)
            {
                var datagram = members == old.MemberNames.Count ? oldBytes : ContractVersion.Truncate(oldBytes, members);
                if (members < old.MemberNames.Count && old.TryRead(datagram) is null)
                {
                    break;
                }

                if (current.TryRead(datagram) is not { } read)
                {
                    return (false, $"the new reader rejects sample {k} as the old writer sends it{(members < old.MemberNames.Count ? $", cut to {members} members" : string.Empty)}");
                }

                if (members == old.MemberNames.Count && Differ(current.Values(read), current.Values(newSamples[k]), Math.Min(old.MemberNames.Count, current.MemberNames.Count)) is { } position)
                {
                    return (false, $"the new reader reads member {position} of sample {k} as {current.Values(read)[position]}, not {current.Values(newSamples[k])[position]}");
                }
            }

            // The old reader, given what the new writer sends.
            if (old.TryRead(current.Write(newSamples[k])) is not { } oldRead)
            {
                return (false, $"the old reader rejects sample {k} as the new writer sends it");
            }

            if (Differ(old.Values(oldRead), old.Values(oldSamples[k]), old.MemberNames.Count) is { } at)
            {
                return (false, $"the old reader reads member {at} of sample {k} as {old.Values(oldRead)[at]}, not {old.Values(oldSamples[k])[at]}");
            }
        }

        return (true, string.Empty);
    }

    private static int? Differ(IReadOnlyList<string> read, IReadOnlyList<string> sent, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (read[i] != sent[i])
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The analyzer's errors on the new version with the old one's lines as DatagramContracts.Shipped.txt.</summary>
    private static async Task<IReadOnlyList<Diagnostic>> CompatibilityErrors(ContractVersion current, string shipped)
    {
        var options = new AnalyzerOptions([new InMemoryText(ContractFiles.ShippedFileName, shipped)]);
        var diagnostics = await current.Compilation
            .WithAnalyzers([new ContractCompatibilityAnalyzer()], options)
            .GetAnalyzerDiagnosticsAsync();
        // The test compilation raises every warning to an error, so the rule's own severity tells them apart.
        return diagnostics.Where(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error).ToList();
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text, Encoding.UTF8);
    }
}
