using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Contracts;

namespace TypedDgram.Generators.Compatibility
{
    /// <summary>The places in a contract's declaration a compatibility diagnostic points at.</summary>
    internal sealed class ContractSite
    {
        private readonly INamedTypeSymbol _type;
        private readonly AttributeData _attribute;

        public ContractSite(SymbolAnalysisContext context, INamedTypeSymbol type, AttributeData attribute)
        {
            Context = context;
            _type = type;
            _attribute = attribute;
        }

        public SymbolAnalysisContext Context { get; }

        /// <summary>The contract's name in its first declaration.</summary>
        public Location Identifier => ContractAnalyzer.Identifier(_type);

        /// <summary>The <c>Id = n</c> argument, else the contract's name (a hashed id comes from the name).</summary>
        public Location IdLocation
            => _attribute.ApplicationSyntaxReference?.GetSyntax(Context.CancellationToken) is AttributeSyntax syntax
                && syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == KnownNames.IdArgument) is { } argument
                ? argument.GetLocation()
                : Identifier;

        public void Report(DiagnosticDescriptor rule, Location location, params object[] arguments)
            => Context.ReportDiagnostic(Diagnostic.Create(rule, location, arguments));

        public void Report(MemberChange change)
            => Report(change.Rule, change.Site == ChangeSite.Contract ? Identifier : MemberLocation(change.Position, change.Site == ChangeSite.MemberType) ?? Identifier, change.Arguments);

        private Location? MemberLocation(int position, bool type)
        {
            var members = ContractSymbols.Members(_type);
            if (position < 0 || position >= members.Length)
            {
                return null;
            }

            var (parameter, property, _, _) = members[position];
            var syntax = (parameter?.DeclaringSyntaxReferences ?? property!.DeclaringSyntaxReferences).FirstOrDefault()?.GetSyntax(Context.CancellationToken);
            return syntax switch
            {
                ParameterSyntax { Type: { } typeSyntax } when type => typeSyntax.GetLocation(),
                ParameterSyntax parameterSyntax => parameterSyntax.Identifier.GetLocation(),
                PropertyDeclarationSyntax declaration => type ? declaration.Type.GetLocation() : declaration.Identifier.GetLocation(),
                _ => null,
            };
        }
    }
}
