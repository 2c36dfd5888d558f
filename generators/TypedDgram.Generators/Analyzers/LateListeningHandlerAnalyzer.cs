using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Analyzers.Flow;
using TypedDgram.Generators.Diagnostics;
using TypedDgram.Generators.Analyzers.Semantics;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// TDG0010: a <c>Listening</c> handler subscribed after the socket's bind started (an explicit <c>Bind</c>, or the
    /// implicit bind of <c>Send</c>, <c>Connect</c> or <c>AddMembership</c>) on every path, or inside the callback of
    /// <c>Bind</c>. Listening is raised once, posted to the thread pool, so such a handler may or may not run.
    /// <c>Message</c> handlers are deliberately not covered: whether one can miss a datagram depends on whether any
    /// peer knows the port yet, which the source does not say.
    /// The rule's three predicates are here, weakest first: the syntax gate, the operation gate, the check.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LateListeningHandlerAnalyzer : SocketFlowAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Supports(DiagnosticDescriptors.LateListeningHandler);

        /// <summary>
        /// Syntax gate: a Listening subscription and a binding call, with the subscription after a binding call in the
        /// text, in a loop, in a lambda or local function (which may run later), or in a member with labels.
        /// </summary>
        internal override bool MayFire(SocketSyntaxCensus names, SemanticModel model, DgramSymbols symbols, System.Threading.CancellationToken cancellationToken)
            => names.SubscribesAndBinds && (names.ListeningAfterABindInText || names.ListeningInLoopOrFunction || names.HasLabels);

        /// <summary>
        /// Operation gate: a Listening subscription on a variable that is also bound, unless the subscription comes first
        /// in the text, in the member's own body, outside any loop, in a member without labels.
        /// </summary>
        internal override bool CouldFire(SocketCallCensus census)
        {
            foreach (var (target, subscription) in census.ListeningSubscriptions)
            {
                if (census.CallsOn(target) is not { Binds.Count: > 0 } calls)
                {
                    continue;
                }

                if (SocketCallCensus.IsInLoop(subscription) || census.HasLabels || !SymbolEqualityComparer.Default.Equals(census.EnclosingFunction(subscription), census.Owner))
                {
                    return true;
                }

                foreach (var bind in calls.Binds)
                {
                    if (bind.Syntax.SpanStart < subscription.Syntax.Span.End)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The check: the socket's bind has started here on every path.</summary>
        internal static bool HasStartedBinding(SocketState state) => state.Bind == BindState.BindStarted;

        internal override Diagnostic? CreateDiagnostic(FlowFinding finding)
            => finding.Rule == FlowRule.LateListening
                ? Diagnostic.Create(DiagnosticDescriptors.LateListeningHandler, finding.Location, finding.SocketName)
                : null;
    }
}
