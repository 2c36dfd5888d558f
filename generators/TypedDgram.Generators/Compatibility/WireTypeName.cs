using System.Collections.Generic;
using System.Text;
using TypedDgram.Generators.Models;

namespace TypedDgram.Generators.Compatibility
{
    /// <summary>
    /// A member's wire type as DatagramContracts files spell it: what travels, not the C# spelling. Types that are
    /// written alike share a name (<c>T[]</c>, <c>List&lt;T&gt;</c>, <c>IReadOnlyList&lt;T&gt;</c> and
    /// <c>ImmutableArray&lt;T&gt;</c> are all <c>array&lt;T&gt;</c>; an enum is its underlying integer), so changing
    /// between them changes nothing in the file (docs/wire-format.md, section 4).
    /// </summary>
    /// <param name="Name">bool, int, string, timestamp, array, map, a part's full name, ...</param>
    /// <param name="IsNullable">Whether nil is a valid value (written <c>?</c>).</param>
    /// <param name="Arguments">An array's element, a map's key and value.</param>
    internal sealed record WireTypeName(string Name, bool IsNullable, IReadOnlyList<WireTypeName> Arguments)
    {
        private static readonly IReadOnlyList<WireTypeName> None = new WireTypeName[0];

        /// <summary>The file's spelling of a type the generator reads (<see cref="Contracts.WireTypeParser"/>).</summary>
        public static WireTypeName From(WireTypeInfo type)
        {
            switch (type.Kind)
            {
                case WireKind.Nullable:
                    return From(type.Element!) with { IsNullable = true };
                case WireKind.Enum:
                    return new WireTypeName(Scalar(type.EnumUnderlying), false, None);
                case WireKind.Array:
                case WireKind.List:
                case WireKind.ReadOnlyList:
                    return new WireTypeName("array", type.IsNullable, new[] { From(type.Element!) });
                case WireKind.ImmutableArray:
                    // A default ImmutableArray is written as nil, but the format counts T[] <-> ImmutableArray<T> as
                    // compatible: like a member made nullable, it holds as long as old readers never receive nil.
                    return new WireTypeName("array", false, new[] { From(type.Element!) });
                case WireKind.Dictionary:
                case WireKind.ReadOnlyDictionary:
                    return new WireTypeName("map", type.IsNullable, new[] { From(type.Key!), From(type.Element!) });
                case WireKind.Part:
                    var name = type.TypeName.TrimEnd('?');
                    return new WireTypeName(name.StartsWith("global::", System.StringComparison.Ordinal) ? name.Substring("global::".Length) : name, type.IsNullable, None);
                default:
                    return new WireTypeName(Scalar(type.Kind), type.IsNullable, None);
            }
        }

        // The integer kinds, bool and char are spelled as their C# keywords (Keywords.Of); the others by what travels.
        private static string Scalar(WireKind kind)
        {
            switch (kind)
            {
                case WireKind.Single: return "float";
                case WireKind.Double: return "double";
                case WireKind.Decimal: return "decimal";
                case WireKind.String: return "string";
                case WireKind.Bytes:
                case WireKind.Memory: return "bin";
                case WireKind.Guid: return "guid";
                case WireKind.DateTime: return "timestamp";
                case WireKind.DateTimeOffset: return "datetimeoffset";
                case WireKind.TimeSpan: return "timespan";
                default:
                    var keyword = Emit.Keywords.Of(kind);
                    return keyword == kind.ToString() ? keyword.ToLowerInvariant() : keyword;
            }
        }

        /// <summary>Reads a spelling written by <see cref="ToString"/> (or by hand); null when it is not one.</summary>
        public static WireTypeName? Parse(string text)
        {
            var position = 0;
            var result = Parse(text, ref position);
            return result is not null && position == text.Length ? result : null;
        }

        private static WireTypeName? Parse(string text, ref int position)
        {
            var start = position;
            while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] is '_' or '.' or '+'))
            {
                position++;
            }

            if (position == start)
            {
                return null;
            }

            var name = text.Substring(start, position - start);
            var arguments = new List<WireTypeName>();
            if (position < text.Length && text[position] == '<')
            {
                do
                {
                    position++;
                    while (position < text.Length && text[position] == ' ')
                    {
                        position++;
                    }

                    var argument = Parse(text, ref position);
                    if (argument is null)
                    {
                        return null;
                    }

                    arguments.Add(argument);
                }
                while (position < text.Length && text[position] == ',');

                if (position >= text.Length || text[position] != '>')
                {
                    return null;
                }

                position++;
            }

            var nullable = position < text.Length && text[position] == '?';
            if (nullable)
            {
                position++;
            }

            var expected = name == "array" ? 1 : name == "map" ? 2 : 0;
            return arguments.Count == expected ? new WireTypeName(name, nullable, arguments) : null;
        }

        /// <inheritdoc />
        public override string ToString()
        {
            var builder = new StringBuilder(Name);
            if (Arguments.Count > 0)
            {
                builder.Append('<');
                for (var i = 0; i < Arguments.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ", ").Append(Arguments[i]);
                }

                builder.Append('>');
            }

            return builder.Append(IsNullable ? "?" : string.Empty).ToString();
        }

        /// <inheritdoc />
        public bool Equals(WireTypeName? other) => other is not null && ToString() == other.ToString();

        /// <inheritdoc />
        public override int GetHashCode() => ToString().GetHashCode();
    }
}
