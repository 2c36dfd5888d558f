using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedDgram.Generators.Emit;

namespace TypedDgram.Generators.Contracts
{
    /// <summary>
    /// Implements <c>IDatagram&lt;TSelf&gt;</c> for every [Datagram] record and <c>IDatagramPart&lt;TSelf&gt;</c> for every
    /// [DatagramPart] record: syntax -> <see cref="Models.ContractInfo"/> -> <see cref="ContractEmitter"/>.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ContractsGenerator : IIncrementalGenerator
    {
        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var contracts = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KnownNames.DatagramAttribute,
                    static (node, _) => node is TypeDeclarationSyntax,
                    static (syntax, cancellationToken) => ContractParser.Parse(syntax, isPart: false, cancellationToken))
                .WithTrackingName(TrackingNames.Contracts);

            var parts = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KnownNames.DatagramPartAttribute,
                    static (node, _) => node is TypeDeclarationSyntax,
                    static (syntax, cancellationToken) => ContractParser.Parse(syntax, isPart: true, cancellationToken))
                .WithTrackingName(TrackingNames.Parts);

            context.RegisterSourceOutput(contracts, static (output, contract) =>
            {
                if (contract is not null)
                {
                    output.AddSource(contract.HintName, ContractEmitter.Emit(contract));
                }
            });
            context.RegisterSourceOutput(parts, static (output, part) =>
            {
                if (part is not null)
                {
                    output.AddSource(part.HintName, ContractEmitter.Emit(part));
                }
            });
        }
    }
}
