using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TypedDgram.Generators.Models;

namespace TypedDgram.Generators.Contracts
{
    /// <summary>
    /// Turns a [Datagram] or [DatagramPart] record into a <see cref="ContractInfo"/>. Returns null for a declaration the
    /// generator cannot implement (not partial, not a record, generic, an unsupported member type): the analyzer reports
    /// those, and emitting nothing keeps the user's errors to the one diagnostic that explains them.
    /// </summary>
    internal static class ContractParser
    {
        private static readonly HashSet<string> ReservedLocals = new HashSet<string> { "reader", "writer", "context", "count", "value" };

        public static ContractInfo? Parse(GeneratorAttributeSyntaxContext context, bool isPart, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length == 0)
            {
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            return Parse(type, context.Attributes[0], isPart);
        }

        /// <summary>The same model from the symbol and its attribute, for the analyzers that read contracts by symbol.</summary>
        public static ContractInfo? Parse(INamedTypeSymbol type, AttributeData attribute, bool isPart)
        {
            if (!CanImplement(type))
            {
                return null;
            }

            var members = new List<MemberInfo>();
            var locals = new HashSet<string>(ReservedLocals);
            foreach (var (parameter, _, memberType, name) in ContractSymbols.Members(type))
            {
                var wireType = WireTypeParser.Parse(memberType);
                if (wireType is null)
                {
                    return null;
                }

                members.Add(new MemberInfo(name, LocalName(name, locals), wireType, DefaultValueFormatter.Format(parameter, memberType, wireType)));
            }

            var metadataName = ContractSymbols.MetadataName(type);
            return new ContractInfo(
                Namespace: type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty,
                ContainingTypes: ContainingTypes(type),
                Keyword: type.IsValueType ? "record struct" : "record",
                Name: type.Name,
                FullyQualifiedName: WireTypeParser.TypeName(type),
                MetadataName: metadataName,
                IsPart: isPart,
                TypeId: isPart ? 0u : ContractSymbols.TypeId(type, attribute),
                IsExplicitId: !isPart && ContractSymbols.ExplicitId(attribute) is not null,
                IsAuthenticated: !isPart && ContractSymbols.IsAuthenticated(attribute),
                IsPositional: ContractSymbols.PrimaryConstructor(type) is not null,
                Members: members.ToEquatableArray(),
                ResponseName: !isPart && ContractSymbols.ResponseType(type) is INamedTypeSymbol response ? WireTypeParser.TypeName(response).TrimEnd('?') : string.Empty);
        }

        /// <summary>Whether the generator can implement the record: the analyzer reports each reason it cannot.</summary>
        public static bool CanImplement(INamedTypeSymbol type)
            => type.IsRecord
                && !type.IsAbstract
                && !ContractSymbols.IsGenericOrInGeneric(type)
                && ContractSymbols.IsPartialThroughout(type)
                && (ContractSymbols.PrimaryConstructor(type) is not null || type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility == Accessibility.Public))
                && ContractSymbols.Members(type).All(m => WireTypeParser.Parse(m.Type) is not null)
                && (ContractSymbols.GetAttribute(type, KnownNames.DatagramAttribute) is not { } attribute || IsValidId(attribute));

        private static bool IsValidId(AttributeData attribute)
            => ContractSymbols.ExplicitId(attribute) is not int id || (id >= KnownNames.MinExplicitId && id <= KnownNames.MaxExplicitId);

        public static EquatableArray<ContainingTypeInfo> ContainingTypes(INamedTypeSymbol type)
        {
            var result = new List<ContainingTypeInfo>();
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                result.Insert(0, new ContainingTypeInfo(Keyword(outer), NameWithTypeParameters(outer)));
            }

            return result.ToEquatableArray();
        }

        public static string Keyword(INamedTypeSymbol type)
        {
            if (type.IsRecord)
            {
                return type.IsValueType ? "record struct" : "record";
            }

            switch (type.TypeKind)
            {
                case TypeKind.Struct: return "struct";
                case TypeKind.Interface: return "interface";
                default: return "class";
            }
        }

        public static string NameWithTypeParameters(INamedTypeSymbol type)
            => type.TypeParameters.Length == 0 ? type.Name : type.Name + "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";

        // A readable local for the member (seq for Seq), kept clear of keywords, the reader's own names and each other.
        private static string LocalName(string memberName, HashSet<string> taken)
        {
            var local = char.ToLowerInvariant(memberName[0]) + memberName.Substring(1);
            while (taken.Contains(local) || IsLoopName(local))
            {
                local += "_";
            }

            taken.Add(local);
            return SyntaxFacts.GetKeywordKind(local) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(local) != SyntaxKind.None
                ? "@" + local
                : local;
        }

        // The emitter's loop variables are a word and a depth digit (item1, count2, ...).
        private static bool IsLoopName(string name)
        {
            var digits = 0;
            while (digits < name.Length && char.IsDigit(name[name.Length - 1 - digits]))
            {
                digits++;
            }

            return digits > 0 && digits < name.Length;
        }
    }
}
