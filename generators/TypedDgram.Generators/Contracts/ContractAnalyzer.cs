using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Diagnostics;

namespace TypedDgram.Generators.Contracts
{
    /// <summary>
    /// Reports why the generator cannot implement a [Datagram] or [DatagramPart] record (TDG1001, TDG1003, TDG1006,
    /// TDG1007) and type ids used twice in the compilation (TDG1002). Kept out of the generator so that its pipeline
    /// caches cleanly and the diagnostics obey <c>#pragma warning disable</c>.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ContractAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.NotPartial,
            DiagnosticDescriptors.DuplicateTypeId,
            DiagnosticDescriptors.UnsupportedMemberType,
            DiagnosticDescriptors.IdOutOfRange,
            DiagnosticDescriptors.NotAConcreteRecord);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var ids = new ConcurrentBag<(uint Id, INamedTypeSymbol Contract, Location Location)>();
                start.RegisterSymbolAction(symbol => AnalyzeType(symbol, ids), SymbolKind.NamedType);
                start.RegisterCompilationEndAction(end => ReportDuplicateIds(end, ids));
            });
        }

        private static void AnalyzeType(SymbolAnalysisContext context, ConcurrentBag<(uint, INamedTypeSymbol, Location)> ids)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (ContainsGeneratedTarget(type))
            {
                ReportNonPartial(context, type, "nested contracts or handlers");
            }

            var contract = ContractSymbols.GetAttribute(type, KnownNames.DatagramAttribute);
            var part = ContractSymbols.GetAttribute(type, KnownNames.DatagramPartAttribute);
            if ((contract ?? part) is not { } attribute)
            {
                return;
            }

            ReportNonPartial(context, type, contract is not null ? "IDatagram implementation" : "IDatagramPart implementation");

            var concrete = type.IsRecord && !type.IsAbstract && !ContractSymbols.IsGenericOrInGeneric(type);
            var constructible = ContractSymbols.PrimaryConstructor(type) is not null
                || type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility == Accessibility.Public);
            if (!concrete || !constructible)
            {
                var detail = concrete ? ", with a primary constructor or a public parameterless one" : string.Empty;
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotAConcreteRecord, Identifier(type), type.Name, detail));
                return;
            }

            foreach (var (parameter, property, memberType, name) in ContractSymbols.Members(type))
            {
                if (WireTypeParser.Parse(memberType) is null)
                {
                    var location = MemberTypeLocation(parameter, property) ?? Identifier(type);
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnsupportedMemberType, location, name, type.Name, memberType.ToDisplayString()));
                }
            }

            if (contract is null)
            {
                return;
            }

            var explicitId = ContractSymbols.ExplicitId(contract);
            var idLocation = IdArgumentLocation(contract) ?? Identifier(type);
            if (explicitId is int id && (id < KnownNames.MinExplicitId || id > KnownNames.MaxExplicitId))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.IdOutOfRange, idLocation, id));
                return;
            }

            if (!ContractSymbols.IsGenericOrInGeneric(type))
            {
                ids.Add((ContractSymbols.TypeId(type, contract), type, idLocation));
            }
        }

        /// <summary>TDG1001 on every declaration of the type that lacks <c>partial</c> (the types around it report themselves).</summary>
        internal static void ReportNonPartial(SymbolAnalysisContext context, INamedTypeSymbol type, string what)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(context.CancellationToken) is TypeDeclarationSyntax declaration
                    && !declaration.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotPartial, declaration.Identifier.GetLocation(), type.Name, what));
                }
            }
        }

        // Whether a contract, part or handler class is declared inside the type, at any depth: the generated partial
        // declaration repeats every type around it, so those must be partial too.
        private static bool ContainsGeneratedTarget(INamedTypeSymbol type)
        {
            foreach (var nested in type.GetTypeMembers())
            {
                if (ContractSymbols.IsContract(nested) || ContractSymbols.IsPart(nested) || ContainsGeneratedTarget(nested)
                    || nested.GetMembers().OfType<IMethodSymbol>().Any(m => ContractSymbols.GetAttribute(m, KnownNames.DatagramHandlerAttribute) is not null))
                {
                    return true;
                }
            }

            return false;
        }

        private static void ReportDuplicateIds(CompilationAnalysisContext context, ConcurrentBag<(uint Id, INamedTypeSymbol Contract, Location Location)> ids)
        {
            foreach (var group in ids.GroupBy(entry => entry.Id).Where(group => group.Count() > 1))
            {
                // Order by name so the message is stable whatever order the symbols were analyzed in.
                var entries = group.OrderBy(entry => entry.Contract.ToDisplayString(), System.StringComparer.Ordinal).ToArray();
                foreach (var entry in entries)
                {
                    var other = entries.First(e => !SymbolEqualityComparer.Default.Equals(e.Contract, entry.Contract));
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.DuplicateTypeId,
                        entry.Location,
                        FormatId(entry.Id),
                        entry.Contract.ToDisplayString(),
                        other.Contract.ToDisplayString()));
                }
            }
        }

        private static string FormatId(uint id)
            => (id & TypeIdHash.HashedBit) != 0
                ? "0x" + id.ToString("X8", System.Globalization.CultureInfo.InvariantCulture)
                : id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        internal static Location Identifier(INamedTypeSymbol type)
            => type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().FirstOrDefault()?.Identifier.GetLocation()
                ?? type.Locations.FirstOrDefault()
                ?? Location.None;

        private static Location? MemberTypeLocation(IParameterSymbol? parameter, IPropertySymbol? property)
        {
            var syntax = (parameter?.DeclaringSyntaxReferences ?? property!.DeclaringSyntaxReferences).FirstOrDefault()?.GetSyntax();
            return syntax switch
            {
                ParameterSyntax { Type: { } typeSyntax } => typeSyntax.GetLocation(),
                PropertyDeclarationSyntax declaration => declaration.Type.GetLocation(),
                _ => null,
            };
        }

        private static Location? IdArgumentLocation(AttributeData attribute)
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax() is not AttributeSyntax syntax)
            {
                return null;
            }

            var argument = syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == KnownNames.IdArgument);
            return argument?.GetLocation() ?? syntax.GetLocation();
        }
    }
}
