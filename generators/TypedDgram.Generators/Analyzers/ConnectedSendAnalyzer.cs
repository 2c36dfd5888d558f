using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Analyzers.Flow;
using TypedDgram.Generators.Diagnostics;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// TDG0002: <c>Send</c> given a port or address on a socket that is connected at that point: after
    /// <c>Connect</c> on every path with no <c>Disconnect</c> between, inside the callback of <c>Connect</c>, or after
    /// <c>await ConnectAsync</c>. Node throws ERR_SOCKET_DGRAM_IS_CONNECTED.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ConnectedSendAnalyzer : SocketFlowAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Supports(DiagnosticDescriptors.SendWithPortOnConnectedSocket);

        internal override bool MayFire(SocketSyntaxCensus names, SemanticModel model, DgramSymbols symbols, System.Threading.CancellationToken cancellationToken)
            => names.MaySendWithDestinationWhenConnected();

        internal override bool CouldFire(SocketCallCensus census)
            => census.MaySendWithDestinationWhenConnected();

        internal override Diagnostic? CreateDiagnostic(FlowFinding finding)
            => finding.Rule == FlowRule.SendWithDestinationWhenConnected
                ? Diagnostic.Create(DiagnosticDescriptors.SendWithPortOnConnectedSocket, finding.Location, finding.SocketName)
                : null;
    }
}
