using System.Collections.Generic;

namespace TypedDgram.Generators.Compatibility
{
    /// <summary>
    /// The type changes docs/wire-format.md section 4 calls compatible, and only those: a wider integer, float to
    /// double, a non-nullable member made nullable, and the same for the elements, keys and values inside arrays and
    /// maps. Types with one spelling (<see cref="WireTypeName"/>) are already equal.
    /// </summary>
    internal static class WireCompatibility
    {
        // Each integer type by its range (char is written as an integer 0..65535; nint and nuint as 64-bit values).
        private static readonly Dictionary<string, (decimal Min, decimal Max)> IntegerRanges = new Dictionary<string, (decimal, decimal)>
        {
            ["byte"] = (byte.MinValue, byte.MaxValue),
            ["sbyte"] = (sbyte.MinValue, sbyte.MaxValue),
            ["short"] = (short.MinValue, short.MaxValue),
            ["ushort"] = (ushort.MinValue, ushort.MaxValue),
            ["char"] = (char.MinValue, char.MaxValue),
            ["int"] = (int.MinValue, int.MaxValue),
            ["uint"] = (uint.MinValue, uint.MaxValue),
            ["long"] = (long.MinValue, long.MaxValue),
            ["nint"] = (long.MinValue, long.MaxValue),
            ["ulong"] = (ulong.MinValue, ulong.MaxValue),
            ["nuint"] = (ulong.MinValue, ulong.MaxValue),
        };

        /// <summary>
        /// Whether peers with <paramref name="shipped"/> and peers with <paramref name="current"/> read each other's
        /// values: every value the shipped type can hold is one the current type reads, and the other way round for the
        /// values both hold.
        /// </summary>
        public static bool IsCompatible(WireTypeName shipped, WireTypeName current)
        {
            if (shipped.IsNullable && !current.IsNullable)
            {
                return false;
            }

            if (shipped.Name != current.Name)
            {
                return IsWider(shipped.Name, current.Name);
            }

            for (var i = 0; i < shipped.Arguments.Count; i++)
            {
                if (!IsCompatible(shipped.Arguments[i], current.Arguments[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsWider(string shipped, string current)
        {
            if (shipped == "float" && current == "double")
            {
                return true;
            }

            return IntegerRanges.TryGetValue(shipped, out var from)
                && IntegerRanges.TryGetValue(current, out var to)
                && to.Min <= from.Min && from.Max <= to.Max;
        }
    }
}
