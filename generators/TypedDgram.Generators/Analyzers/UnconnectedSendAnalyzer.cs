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
    /// TDG0011: <c>Send</c> or <c>SendAsync</c> with no port on a socket that is surely not connected at that point:
    /// created in the member and never connected since, or disconnected (the flow rules of TDG0002). Node throws
    /// ERR_SOCKET_BAD_PORT. <c>Send(buffer, 2, 41234)</c> is the common form: C# binds it as offset 2 and length 41234.
    /// The rule's three predicates are here, weakest first: the syntax gate, the operation gate, the check.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnconnectedSendAnalyzer : SocketFlowAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Supports(DiagnosticDescriptors.SendWithoutDestination);

        /// <summary>
        /// Syntax gate: a send that may give no port, in a member that creates a socket or disconnects one (the only ways
        /// a socket is known not to be connected).
        /// </summary>
        internal override bool MayFire(SocketSyntaxCensus names, SemanticModel model, DgramSymbols symbols, System.Threading.CancellationToken cancellationToken)
            => names.SendMayLackDestination && (names.CreatesSockets || names.Disconnects);

        /// <summary>
        /// Operation gate: a send with no port on a variable the member disconnects, or creates a socket in and does not
        /// surely connect before that send.
        /// </summary>
        internal override bool CouldFire(SocketCallCensus census)
        {
            foreach (var pair in census.Variables)
            {
                var calls = pair.Value;
                if (calls.SendsWithoutDestination.Count == 0)
                {
                    continue;
                }

                if (calls.Disconnects > 0)
                {
                    return true;
                }

                if (census.Creates(pair.Key))
                {
                    foreach (var send in calls.SendsWithoutDestination)
                    {
                        if (pair.Key is IFieldSymbol || !census.IsSurelyPreceded(send, pair.Key, calls.ConnectCalls))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>The check: a send with no port on a socket surely not connected here; the detail names a slice read for a port.</summary>
        internal static bool LacksDestination(SocketState state, IInvocationOperation send, out string? detail)
        {
            detail = null;
            if (state.Connect != ConnectState.NotConnected || ArgumentValues.IsGiven(ArgumentValues.Find(send, "port")))
            {
                return false;
            }

            if (ArgumentValues.IsGiven(ArgumentValues.Find(send, "offset")) && ArgumentValues.IsGiven(ArgumentValues.Find(send, "length")))
            {
                detail = "; the numbers given are its offset and length, not a port";
            }

            return true;
        }

        internal override Diagnostic? CreateDiagnostic(FlowFinding finding)
            => finding.Rule == FlowRule.SendWithoutDestinationWhenNotConnected
                ? Diagnostic.Create(DiagnosticDescriptors.SendWithoutDestination, finding.Location, finding.SocketName, finding.MemberName, finding.Detail ?? string.Empty)
                : null;
    }
}
