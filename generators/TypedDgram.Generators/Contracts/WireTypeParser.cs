using Microsoft.CodeAnalysis;
using TypedDgram.Generators.Models;

namespace TypedDgram.Generators.Contracts
{
    /// <summary>
    /// Maps a member's type to its <see cref="WireTypeInfo"/>, or null when the type is not supported. The analyzer uses
    /// the same method to report unsupported members, so the generator and the diagnostics never disagree.
    /// </summary>
    internal static class WireTypeParser
    {
        private static readonly SymbolDisplayFormat TypeNameFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static string TypeName(ITypeSymbol type) => type.ToDisplayString(TypeNameFormat);

        public static WireTypeInfo? Parse(ITypeSymbol type)
        {
            // Oblivious (#nullable disable) references may hold null, so they are read as nullable and named with '?':
            // the generated file is #nullable enable, and every name is composed from its parts so that this holds
            // inside type arguments and array elements too.
            var nullableReference = type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.NotAnnotated;
            var suffix = nullableReference ? "?" : string.Empty;
            var scalar = ParseScalar(type);
            if (scalar is { } kind)
            {
                return new WireTypeInfo(kind, PlainName(type) + suffix, nullableReference, nullableReference ? 1 : MinScalarSize(kind));
            }

            if (type.TypeKind == TypeKind.Enum && type is INamedTypeSymbol { EnumUnderlyingType: { } underlying } && ParseScalar(underlying) is { } underlyingKind)
            {
                return new WireTypeInfo(WireKind.Enum, PlainName(type), false, 1, EnumUnderlying: underlyingKind);
            }

            if (type is IArrayTypeSymbol array)
            {
                if (!array.IsSZArray)
                {
                    return null;
                }

                if (array.ElementType.SpecialType == SpecialType.System_Byte)
                {
                    return new WireTypeInfo(WireKind.Bytes, "byte[]" + suffix, nullableReference, nullableReference ? 1 : 2);
                }

                return Parse(array.ElementType) is { } element ? new WireTypeInfo(WireKind.Array, element.TypeName + "[]" + suffix, nullableReference, 1, element) : null;
            }

            if (type is not INamedTypeSymbol named)
            {
                return null;
            }

            if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                var inner = Parse(named.TypeArguments[0]);
                return inner is null ? null : new WireTypeInfo(WireKind.Nullable, inner.TypeName + "?", true, 1, inner);
            }

            if (named.IsGenericType)
            {
                return ParseGeneric(named, suffix, nullableReference);
            }

            if (ContractSymbols.IsPart(named) || ContractSymbols.IsContract(named))
            {
                return new WireTypeInfo(WireKind.Part, PlainName(named) + suffix, nullableReference, 1);
            }

            return null;
        }

        // The fully qualified name without any nullable annotation, for non-generic types.
        private static string PlainName(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

        private static WireTypeInfo? ParseGeneric(INamedTypeSymbol named, string suffix, bool nullableReference)
        {
            var definition = named.OriginalDefinition.ToDisplayString();
            var arguments = named.TypeArguments;
            switch (definition)
            {
                case "System.ReadOnlyMemory<T>":
                    return arguments[0].SpecialType == SpecialType.System_Byte ? new WireTypeInfo(WireKind.Memory, "global::System.ReadOnlyMemory<byte>", false, 2) : null;
                case "System.Collections.Generic.List<T>":
                    return Sequence(WireKind.List, "global::System.Collections.Generic.List", arguments[0], suffix, nullableReference);
                case "System.Collections.Generic.IReadOnlyList<T>":
                    return Sequence(WireKind.ReadOnlyList, "global::System.Collections.Generic.IReadOnlyList", arguments[0], suffix, nullableReference);
                case "System.Collections.Immutable.ImmutableArray<T>":
                    // A default ImmutableArray is written as nil, so nil is always a valid value.
                    return Sequence(WireKind.ImmutableArray, "global::System.Collections.Immutable.ImmutableArray", arguments[0], string.Empty, nullable: true);
                case "System.Collections.Generic.Dictionary<TKey, TValue>":
                    return Map(WireKind.Dictionary, "global::System.Collections.Generic.Dictionary", arguments[0], arguments[1], suffix, nullableReference);
                case "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>":
                    return Map(WireKind.ReadOnlyDictionary, "global::System.Collections.Generic.IReadOnlyDictionary", arguments[0], arguments[1], suffix, nullableReference);
                default:
                    return null;
            }
        }

        private static WireTypeInfo? Sequence(WireKind kind, string genericName, ITypeSymbol elementType, string suffix, bool nullable)
            => Parse(elementType) is { } element ? new WireTypeInfo(kind, genericName + "<" + element.TypeName + ">" + suffix, nullable, 1, element) : null;

        private static WireTypeInfo? Map(WireKind kind, string genericName, ITypeSymbol keyType, ITypeSymbol valueType, string suffix, bool nullable)
        {
            // An oblivious key is read as non-null: a dictionary cannot hold a null key, so nil is rejected either way.
            var key = Parse(keyType.IsReferenceType && keyType.NullableAnnotation == NullableAnnotation.None ? keyType.WithNullableAnnotation(NullableAnnotation.NotAnnotated) : keyType);
            var value = Parse(valueType);

            // Keys are plain, non-null values: a dictionary cannot hold a null key, and collections or parts compare by reference.
            if (key is null || value is null || key.IsNullable || !IsKeyKind(key.Kind))
            {
                return null;
            }

            return new WireTypeInfo(kind, genericName + "<" + key.TypeName + ", " + value.TypeName + ">" + suffix, nullable, 1, value, key);
        }

        private static bool IsKeyKind(WireKind kind)
            => kind is not (WireKind.Bytes or WireKind.Memory or WireKind.Nullable or WireKind.Array or WireKind.List or WireKind.ReadOnlyList
                or WireKind.ImmutableArray or WireKind.Dictionary or WireKind.ReadOnlyDictionary or WireKind.Part);

        private static WireKind? ParseScalar(ITypeSymbol type)
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_Boolean: return WireKind.Boolean;
                case SpecialType.System_Byte: return WireKind.Byte;
                case SpecialType.System_SByte: return WireKind.SByte;
                case SpecialType.System_Int16: return WireKind.Int16;
                case SpecialType.System_UInt16: return WireKind.UInt16;
                case SpecialType.System_Int32: return WireKind.Int32;
                case SpecialType.System_UInt32: return WireKind.UInt32;
                case SpecialType.System_Int64: return WireKind.Int64;
                case SpecialType.System_UInt64: return WireKind.UInt64;
                case SpecialType.System_IntPtr: return WireKind.IntPtr;
                case SpecialType.System_UIntPtr: return WireKind.UIntPtr;
                case SpecialType.System_Char: return WireKind.Char;
                case SpecialType.System_Single: return WireKind.Single;
                case SpecialType.System_Double: return WireKind.Double;
                case SpecialType.System_Decimal: return WireKind.Decimal;
                case SpecialType.System_String: return WireKind.String;
                case SpecialType.System_DateTime: return WireKind.DateTime;
            }

            switch (type.ToDisplayString())
            {
                case "System.Guid": return WireKind.Guid;
                case "System.DateTimeOffset": return WireKind.DateTimeOffset;
                case "System.TimeSpan": return WireKind.TimeSpan;
                default: return null;
            }
        }

        // The fewest bytes a non-nil value takes; the reader's collection headers are bounded by it.
        private static int MinScalarSize(WireKind kind)
        {
            switch (kind)
            {
                case WireKind.Guid: return 38;              // str8 header + 36 characters
                case WireKind.DateTime: return 6;           // fixext4 timestamp
                case WireKind.DateTimeOffset: return 8;     // fixarray, fixext4 timestamp, fixint offset
                default: return 1;
            }
        }
    }
}
