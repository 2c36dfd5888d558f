using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Analyzers.Flow;
using TypedDgram.Generators.Diagnostics;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// TDG0007: <c>Connect</c> on a socket already connected at that point (ERR_SOCKET_DGRAM_IS_CONNECTED), and
    /// <c>Disconnect</c> or <c>RemoteAddress</c> on one that is not connected on any path: created in the member and
    /// never connected, or disconnected since (ERR_SOCKET_DGRAM_NOT_CONNECTED).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ConnectStateAnalyzer : SocketFlowAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Supports(DiagnosticDescriptors.ConnectStateMisuse);

        internal override bool MayFire(SocketSyntaxCensus names, SemanticModel model, DgramSymbols symbols, System.Threading.CancellationToken cancellationToken)
            => names.MayMisuseConnectState(model, symbols, cancellationToken);

        internal override bool CouldFire(SocketCallCensus census)
            => census.MayMisuseConnectState();

        internal override Diagnostic? CreateDiagnostic(FlowFinding finding)
        {
            switch (finding.Rule)
            {
                case FlowRule.ConnectWhenConnected:
                    return Diagnostic.Create(
                        DiagnosticDescriptors.ConnectStateMisuse,
                        finding.Location,
                        $"'{finding.SocketName}' is already connected here, so {finding.MemberName} throws ERR_SOCKET_DGRAM_IS_CONNECTED; call Disconnect first");
                case FlowRule.NeedsConnection:
                    return Diagnostic.Create(
                        DiagnosticDescriptors.ConnectStateMisuse,
                        finding.Location,
                        $"'{finding.SocketName}' is not connected here, so {finding.MemberName} throws ERR_SOCKET_DGRAM_NOT_CONNECTED");
                default:
                    return null;
            }
        }
    }
}
