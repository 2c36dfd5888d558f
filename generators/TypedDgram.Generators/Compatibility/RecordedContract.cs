using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using TypedDgram.Generators.Models;

namespace TypedDgram.Generators.Compatibility
{
    /// <summary>One member of a recorded contract: its wire position is its index.</summary>
    /// <param name="Type">Its wire type.</param>
    /// <param name="Name">Its name (not on the wire; kept to tell a moved member from a retyped one).</param>
    /// <param name="IsRequired">A non-nullable reference without a default: a datagram without it is malformed.</param>
    internal sealed record RecordedMember(WireTypeName Type, string Name, bool IsRequired);

    /// <summary>
    /// One line of DatagramContracts.Shipped.txt or .Unshipped.txt: a contract's CLR full name, its type id (or
    /// <c>part</c>) and its members in wire order, e.g.
    /// <c>Demo.Ping = 1: [0] int Seq, [1] timestamp SentAt, [2] string Label required</c>.
    /// </summary>
    /// <param name="Name">The CLR full name (<c>Ns.Outer+Inner</c>), the line's key.</param>
    /// <param name="TypeId">The type id; null for a part.</param>
    /// <param name="Members">The members in wire order.</param>
    internal sealed record RecordedContract(string Name, uint? TypeId, IReadOnlyList<RecordedMember> Members)
    {
        /// <summary>The line for a contract as the generator sees it.</summary>
        public static RecordedContract From(ContractInfo contract)
            => new RecordedContract(
                contract.MetadataName,
                contract.IsPart ? null : contract.TypeId,
                contract.Members.Select(m => new RecordedMember(WireTypeName.From(m.Type), m.Name, m.DefaultValue is null)).ToArray());

        /// <summary>The id as TDG1002 prints it: hashed ids in hex, explicit ones in decimal.</summary>
        public static string FormatId(uint id)
            => (id & Contracts.TypeIdHash.HashedBit) != 0 ? "0x" + id.ToString("X8", CultureInfo.InvariantCulture) : id.ToString(CultureInfo.InvariantCulture);

        /// <summary>The line's text.</summary>
        public override string ToString()
        {
            var builder = new StringBuilder(Name).Append(" = ").Append(TypeId is uint id ? FormatId(id) : "part").Append(':');
            for (var i = 0; i < Members.Count; i++)
            {
                var member = Members[i];
                builder.Append(i == 0 ? " " : ", ").Append('[').Append(i.ToString(CultureInfo.InvariantCulture)).Append("] ")
                    .Append(member.Type).Append(' ').Append(member.Name).Append(member.IsRequired ? " required" : string.Empty);
            }

            return builder.ToString();
        }

        /// <inheritdoc />
        public bool Equals(RecordedContract? other) => other is not null && ToString() == other.ToString();

        /// <inheritdoc />
        public override int GetHashCode() => ToString().GetHashCode();

        /// <summary>Reads a line; null when it is not one (the member positions must count 0, 1, 2, ...).</summary>
        public static RecordedContract? Parse(string line)
        {
            var equals = line.IndexOf(" = ", System.StringComparison.Ordinal);
            var colon = equals < 0 ? -1 : line.IndexOf(':', equals);
            if (equals <= 0 || colon < 0)
            {
                return null;
            }

            var name = line.Substring(0, equals).Trim();
            var idText = line.Substring(equals + 3, colon - equals - 3).Trim();
            uint? typeId;
            if (idText == "part")
            {
                typeId = null;
            }
            else if (idText.StartsWith("0x", System.StringComparison.OrdinalIgnoreCase)
                && uint.TryParse(idText.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            {
                typeId = hex;
            }
            else if (uint.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                typeId = number;
            }
            else
            {
                return null;
            }

            var members = new List<RecordedMember>();
            foreach (var text in SplitMembers(line.Substring(colon + 1)))
            {
                var member = ParseMember(text, members.Count);
                if (member is null)
                {
                    return null;
                }

                members.Add(member);
            }

            return name.Length == 0 || name.Contains(' ') ? null : new RecordedContract(name, typeId, members);
        }

        private static RecordedMember? ParseMember(string text, int position)
        {
            var prefix = "[" + position.ToString(CultureInfo.InvariantCulture) + "] ";
            if (!text.StartsWith(prefix, System.StringComparison.Ordinal))
            {
                return null;
            }

            // The type ends at the first space outside <...> (map<int, string> has one inside).
            var rest = text.Substring(prefix.Length);
            var depth = 0;
            var end = 0;
            for (; end < rest.Length && (depth > 0 || rest[end] != ' '); end++)
            {
                depth += rest[end] == '<' ? 1 : rest[end] == '>' ? -1 : 0;
            }

            var type = WireTypeName.Parse(rest.Substring(0, end));
            var words = rest.Substring(end).Split(new[] { ' ' }, System.StringSplitOptions.RemoveEmptyEntries);
            if (type is null || words.Length == 0 || words.Length > 2 || (words.Length == 2 && words[1] != "required"))
            {
                return null;
            }

            return new RecordedMember(type, words[0], words.Length == 2);
        }

        // The members, split at the commas outside <...>.
        private static IEnumerable<string> SplitMembers(string text)
        {
            var depth = 0;
            var start = 0;
            for (var i = 0; i <= text.Length; i++)
            {
                if (i == text.Length || (text[i] == ',' && depth == 0))
                {
                    var member = text.Substring(start, i - start).Trim();
                    if (member.Length > 0 || i < text.Length)
                    {
                        yield return member;
                    }

                    start = i + 1;
                }
                else if (text[i] == '<')
                {
                    depth++;
                }
                else if (text[i] == '>')
                {
                    depth--;
                }
            }
        }
    }
}
