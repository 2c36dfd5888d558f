using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedDgram.Generators.Models;

namespace TypedDgram.Generators.Contracts
{
    /// <summary>
    /// The C# expression a member takes when a shorter (older) datagram leaves it out: the parameter's declared default,
    /// else <c>default</c> for value and nullable types. Null means the member is required.
    /// </summary>
    internal static class DefaultValueFormatter
    {
        public static string? Format(IParameterSymbol? parameter, ITypeSymbol type, WireTypeInfo wireType)
        {
            if (parameter is { HasExplicitDefaultValue: true })
            {
                return Literal(parameter.ExplicitDefaultValue, type);
            }

            return type.IsValueType || wireType.IsNullable ? "default" : null;
        }

        private static string Literal(object? value, ITypeSymbol type)
        {
            if (value is null)
            {
                return type.IsValueType && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T ? "default" : "null";
            }

            var target = type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? ((INamedTypeSymbol)type).TypeArguments[0] : type;
            if (target.TypeKind == TypeKind.Enum)
            {
                return "(" + WireTypeParser.TypeName(target) + ")(" + SymbolDisplay.FormatPrimitive(value, quoteStrings: false, useHexadecimalNumbers: false) + ")";
            }

            switch (value)
            {
                case float f when float.IsNaN(f): return "float.NaN";
                case float f when float.IsPositiveInfinity(f): return "float.PositiveInfinity";
                case float f when float.IsNegativeInfinity(f): return "float.NegativeInfinity";
                case double d when double.IsNaN(d): return "double.NaN";
                case double d when double.IsPositiveInfinity(d): return "double.PositiveInfinity";
                case double d when double.IsNegativeInfinity(d): return "double.NegativeInfinity";
                case float f: return f.ToString("R", CultureInfo.InvariantCulture) + "F";
                case double d: return d.ToString("R", CultureInfo.InvariantCulture) + "D";
                case decimal m: return m.ToString(CultureInfo.InvariantCulture) + "M";
                case long l: return l.ToString(CultureInfo.InvariantCulture) + "L";
                case ulong ul: return ul.ToString(CultureInfo.InvariantCulture) + "UL";
                case uint u: return u.ToString(CultureInfo.InvariantCulture) + "U";
                case byte or sbyte or short or ushort:
                    return "(" + WireTypeParser.TypeName(target) + ")(" + SymbolDisplay.FormatPrimitive(value, quoteStrings: false, useHexadecimalNumbers: false) + ")";
                default:
                    return SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false) ?? "default";
            }
        }
    }
}
