using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Analyzers.Flow;
using TypedDgram.Generators.Diagnostics;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// TDG0009: an option or query that needs a bound socket (<c>SetBroadcast</c>, <c>SetTTL</c>,
    /// <c>SetMulticastTTL</c>, <c>SetMulticastLoopback</c>, <c>SetMulticastInterface</c>, <c>Address</c>, the buffer
    /// sizes) on a socket created in the member with no <c>Bind</c>, <c>Send</c>, <c>Connect</c> or
    /// <c>AddMembership</c> before it on some path. Node throws EBADF or ERR_SOCKET_BUFFER_SIZE.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnboundSocketOptionAnalyzer : SocketFlowAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Supports(DiagnosticDescriptors.NeedsBoundSocket);

        internal override bool MayFire(SocketSyntaxCensus names, SemanticModel model, DgramSymbols symbols, System.Threading.CancellationToken cancellationToken)
            => names.MayNeedBound(model, symbols, cancellationToken);

        internal override bool CouldFire(SocketCallCensus census)
            => census.MayNeedBound();

        internal override Diagnostic? CreateDiagnostic(FlowFinding finding)
            => finding.Rule == FlowRule.NeedsBound
                ? Diagnostic.Create(
                    DiagnosticDescriptors.NeedsBoundSocket,
                    finding.Location,
                    finding.SocketName,
                    finding.MemberName,
                    SocketMethods.UnboundErrorCode(finding.MemberName))
                : null;
    }
}
