using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Analyzers.Flow;
using TypedDgram.Generators.Diagnostics;
using TypedDgram.Generators.Analyzers.Semantics;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// TDG0007: <c>Connect</c> on a socket already connected at that point (ERR_SOCKET_DGRAM_IS_CONNECTED), and
    /// <c>Disconnect</c> or <c>RemoteAddress</c> on one that is not connected on any path: created in the member and
    /// never connected, or disconnected since (ERR_SOCKET_DGRAM_NOT_CONNECTED).
    /// The rule's three predicates are here, weakest first: the syntax gate, the operation gate, the checks.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ConnectStateAnalyzer : SocketFlowAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Supports(DiagnosticDescriptors.ConnectStateMisuse);

        /// <summary>
        /// Syntax gate: two connects (or one in a loop), a disconnect, or a remote-address query in a member that creates
        /// a socket and not surely after a connect of the same local.
        /// </summary>
        internal override bool MayFire(SocketSyntaxCensus names, SemanticModel model, DgramSymbols symbols, System.Threading.CancellationToken cancellationToken)
        {
            if (names.Connects >= 2 || names.ConnectInLoop || names.Disconnects)
            {
                return true;
            }

            if (!names.CreatesSockets)
            {
                return false;
            }

            foreach (var call in names.RemoteAddresses)
            {
                if (!names.IsSurelyPreceded(call, byConnect: true, model, symbols, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Operation gate: two connects of one variable (a connect in a loop counts twice); or a disconnect or remote
        /// address on a variable that is disconnected somewhere in the member, or that the member creates and does not
        /// surely connect first.
        /// </summary>
        internal override bool CouldFire(SocketCallCensus census)
        {
            foreach (var pair in census.Variables)
            {
                var calls = pair.Value;
                if (calls.Connects >= 2 || calls.Disconnects > 0)
                {
                    return true;
                }

                if (census.Creates(pair.Key))
                {
                    foreach (var call in calls.NeedConnection)
                    {
                        if (pair.Key is IFieldSymbol || !census.IsSurelyPreceded(call, pair.Key, calls.ConnectCalls))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>The check for Connect and ConnectAsync: the socket is connected or connecting here.</summary>
        internal static bool ConnectsAgain(SocketState state) => state.IsConnectedOrPending;

        /// <summary>The check for Disconnect and RemoteAddress: the socket is surely not connected here.</summary>
        internal static bool IsNotConnected(SocketState state) => state.Connect == ConnectState.NotConnected;

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
