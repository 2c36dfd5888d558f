using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedDgram.Generators.Contracts
{
    /// <summary>Questions about contract symbols that the generator and the analyzer must answer the same way.</summary>
    internal static class ContractSymbols
    {
        public static AttributeData? GetAttribute(ISymbol symbol, string metadataName)
            => symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == metadataName);

        public static bool IsContract(ITypeSymbol type) => GetAttribute(type, KnownNames.DatagramAttribute) is not null;

        /// <summary>The response contract of a request (a type declaring <c>IRequest&lt;TResponse&gt;</c>), else null.</summary>
        public static ITypeSymbol? ResponseType(ITypeSymbol type)
        {
            foreach (var candidate in type.Interfaces)
            {
                if (candidate.IsGenericType && candidate.OriginalDefinition.ToDisplayString() == KnownNames.RequestInterface)
                {
                    return candidate.TypeArguments[0];
                }
            }

            return null;
        }

        public static bool IsPart(ITypeSymbol type) => GetAttribute(type, KnownNames.DatagramPartAttribute) is not null;

        /// <summary>The explicit id when <c>Id = n</c> is written, else null.</summary>
        public static bool IsAuthenticated(AttributeData attribute)
            => attribute.NamedArguments.Any(argument => argument.Key == KnownNames.AuthenticatedArgument && argument.Value.Value is true);

        public static int? ExplicitId(AttributeData attribute)
        {
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == KnownNames.IdArgument && argument.Value.Value is int id)
                {
                    return id;
                }
            }

            return null;
        }

        /// <summary>The type id of a contract: explicit, or the hash of its CLR full name.</summary>
        public static uint TypeId(INamedTypeSymbol contract, AttributeData attribute)
            => ExplicitId(attribute) is int id ? unchecked((uint)id) : TypeIdHash.FromName(MetadataName(contract));

        /// <summary>The CLR full name, as <c>Type.FullName</c> gives it: <c>Ns.Outer+Inner</c>.</summary>
        public static string MetadataName(INamedTypeSymbol type)
        {
            var builder = new StringBuilder(type.MetadataName);
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                builder.Insert(0, outer.MetadataName + "+");
            }

            if (type.ContainingNamespace is { IsGlobalNamespace: false } ns)
            {
                builder.Insert(0, ns.ToDisplayString() + ".");
            }

            return builder.ToString();
        }

        /// <summary>Whether every declaration of the type and of every type around it says <c>partial</c>.</summary>
        public static bool IsPartialThroughout(INamedTypeSymbol type) => FirstNonPartial(type) is null;

        /// <summary>The first of the type and the types around it with a declaration lacking <c>partial</c>, or null.</summary>
        public static INamedTypeSymbol? FirstNonPartial(INamedTypeSymbol type)
        {
            for (var current = type; current is not null; current = current.ContainingType)
            {
                foreach (var reference in current.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                    {
                        return current;
                    }
                }
            }

            return null;
        }

        /// <summary>Whether the type or a type around it is generic (a contract's id and layout must not depend on type arguments).</summary>
        public static bool IsGenericOrInGeneric(INamedTypeSymbol type)
        {
            for (var current = type; current is not null; current = current.ContainingType)
            {
                if (current.TypeParameters.Length > 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The primary constructor of a positional record, or null.</summary>
        public static IMethodSymbol? PrimaryConstructor(INamedTypeSymbol type)
            => type.InstanceConstructors.FirstOrDefault(c => c.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is RecordDeclarationSyntax));

        /// <summary>
        /// The members that make up the wire layout: a positional record's parameters (as their properties), or a nominal
        /// record's public instance properties with a public set or init accessor, in declaration order.
        /// </summary>
        public static (IParameterSymbol? Parameter, IPropertySymbol? Property, ITypeSymbol Type, string Name)[] Members(INamedTypeSymbol type)
        {
            if (PrimaryConstructor(type) is { } constructor)
            {
                return constructor.Parameters
                    .Select(p => ((IParameterSymbol?)p, (IPropertySymbol?)null, p.Type, p.Name))
                    .ToArray();
            }

            return type.GetMembers()
                .OfType<IPropertySymbol>()
                .Where(p => !p.IsStatic && !p.IsIndexer && !p.IsImplicitlyDeclared
                    && p.DeclaredAccessibility == Accessibility.Public
                    && p.SetMethod is { DeclaredAccessibility: Accessibility.Public })
                .Select(p => ((IParameterSymbol?)null, (IPropertySymbol?)p, p.Type, p.Name))
                .ToArray();
        }
    }
}
