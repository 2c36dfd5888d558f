using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TypedDgram.Generators.Analyzers.Flow;
using TypedDgram.Generators.Diagnostics;
using TypedDgram.Generators.Analyzers.Semantics;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// TDG0002: <c>Send</c> given a port or address on a socket that is connected at that point: after
    /// <c>Connect</c> on every path with no <c>Disconnect</c> between, inside the callback of <c>Connect</c>, or after
    /// <c>await ConnectAsync</c>. Node throws ERR_SOCKET_DGRAM_IS_CONNECTED.
    /// The rule's three predicates are here, weakest first: the syntax gate, the operation gate, the check.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ConnectedSendAnalyzer : SocketFlowAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Supports(DiagnosticDescriptors.SendWithPortOnConnectedSocket);

        /// <summary>Syntax gate: a connect, and a send that may give a port or an address.</summary>
        internal override bool MayFire(SocketSyntaxCensus names, SemanticModel model, DgramSymbols symbols, System.Threading.CancellationToken cancellationToken)
            => names.Connects > 0 && names.SendMayHaveDestination;

        /// <summary>Operation gate: a send with a destination on a variable that is also connected in the member.</summary>
        internal override bool CouldFire(SocketCallCensus census)
        {
            foreach (var pair in census.Variables)
            {
                if (pair.Value.SendsWithDestination && pair.Value.Connects > 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The check: on a socket connected (or connecting) here, the port or address the send names, if any.</summary>
        internal static IOperation? MisplacedDestination(SocketState state, IInvocationOperation send)
        {
            if (!state.IsConnectedOrPending)
            {
                return null;
            }

            var port = ArgumentValues.Find(send, "port");
            var address = ArgumentValues.Find(send, "address");
            return ArgumentValues.IsGiven(port) ? port : ArgumentValues.IsGiven(address) ? address : null;
        }

        internal override Diagnostic? CreateDiagnostic(FlowFinding finding)
            => finding.Rule == FlowRule.SendWithDestinationWhenConnected
                ? Diagnostic.Create(DiagnosticDescriptors.SendWithPortOnConnectedSocket, finding.Location, finding.SocketName)
                : null;
    }
}
