using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TypedDgram.Generators.Compatibility
{
    /// <summary>Where a member change is reported: the contract's name, a member's name, or a member's type.</summary>
    internal enum ChangeSite
    {
        Contract,
        MemberName,
        MemberType,
    }

    /// <summary>One breaking change: the rule, the member it is about (its current position) and the message arguments.</summary>
    internal sealed record MemberChange(DiagnosticDescriptor Rule, ChangeSite Site, int Position, object[] Arguments);

    /// <summary>
    /// The member rules of docs/wire-format.md section 4, comparing a shipped layout with the current one position by
    /// position. Names tell a moved member (TDG1102) from a renamed one (compatible: names are not on the wire): a
    /// member whose name is new, at a position whose shipped name is gone, is the shipped member renamed.
    /// </summary>
    internal static class MemberChanges
    {
        public static IReadOnlyList<MemberChange> Breaking(RecordedContract shipped, RecordedContract current)
        {
            var changes = new List<MemberChange>();
            var shippedPositions = Positions(shipped);
            var currentPositions = Positions(current);
            var contract = current.Name;
            for (var i = 0; i < current.Members.Count; i++)
            {
                var member = current.Members[i];
                var wasAt = shippedPositions.TryGetValue(member.Name, out var j) ? j : (int?)null;
                if (i < shipped.Members.Count && (wasAt == i || IsRenamed(shipped, current, shippedPositions, currentPositions, i)))
                {
                    var before = shipped.Members[i];
                    if (!WireCompatibility.IsCompatible(before.Type, member.Type))
                    {
                        changes.Add(new MemberChange(CompatibilityDescriptors.MemberRetyped, ChangeSite.MemberType, i,
                            new object[] { member.Name, contract, before.Type.ToString(), member.Type.ToString(), Why(before.Type, member.Type) }));
                    }
                    else if (member.IsRequired && !before.IsRequired)
                    {
                        changes.Add(new MemberChange(CompatibilityDescriptors.MemberRequired, ChangeSite.MemberName, i,
                            new object[] { member.Name, contract, "it shipped optional, so writers older than it may leave it out" }));
                    }
                }
                else if (wasAt is int from)
                {
                    changes.Add(new MemberChange(CompatibilityDescriptors.MemberMoved, ChangeSite.MemberName, i,
                        new object[] { contract, "has member '" + member.Name + "' at position " + Text(i) + ", shipped at " + Text(from), Text(System.Math.Min(i, from)) }));
                }
                else if (i < shipped.Members.Count)
                {
                    changes.Add(new MemberChange(CompatibilityDescriptors.MemberMoved, ChangeSite.MemberName, i,
                        new object[] { contract, "inserts member '" + member.Name + "' at position " + Text(i) + ", where shipped member '" + shipped.Members[i].Name + "' was", Text(i) }));
                }
                else if (member.IsRequired)
                {
                    changes.Add(new MemberChange(CompatibilityDescriptors.MemberRequired, ChangeSite.MemberName, i,
                        new object[] { member.Name, contract, "it is appended, and writers of the shipped build leave it out" }));
                }
            }

            for (var j = 0; j < shipped.Members.Count; j++)
            {
                var member = shipped.Members[j];
                if (!currentPositions.ContainsKey(member.Name) && !(j < current.Members.Count && IsRenamed(shipped, current, shippedPositions, currentPositions, j)))
                {
                    var effect = j == shipped.Members.Count - 1 && j >= current.Members.Count
                        ? (member.IsRequired ? "reject its datagrams as malformed (MissingMember)" : "read the member's default instead of a value")
                        : "read every member after it from the wrong position";
                    changes.Add(new MemberChange(CompatibilityDescriptors.MemberRemoved, ChangeSite.Contract, -1, new object[] { contract, member.Name, Text(j), effect }));
                }
            }

            return changes;
        }

        private static bool IsRenamed(RecordedContract shipped, RecordedContract current, Dictionary<string, int> shippedPositions, Dictionary<string, int> currentPositions, int i)
            => !shippedPositions.ContainsKey(current.Members[i].Name) && !currentPositions.ContainsKey(shipped.Members[i].Name);

        private static Dictionary<string, int> Positions(RecordedContract contract)
        {
            var positions = new Dictionary<string, int>(System.StringComparer.Ordinal);
            for (var i = 0; i < contract.Members.Count; i++)
            {
                positions[contract.Members[i].Name] = i;
            }

            return positions;
        }

        private static string Why(WireTypeName shipped, WireTypeName current)
            => shipped.IsNullable && !current.IsNullable && WireCompatibility.IsCompatible(shipped with { IsNullable = false }, current)
                ? "shipped writers may send nil, which this build rejects"
                : "the two are written differently or hold different ranges, so peers misread or reject each other's values";

        private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
