using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Analyzers.Flow;
using TypedDgram.Generators.Diagnostics;
using TypedDgram.Generators.Analyzers.Semantics;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// TDG0009: an option or query that needs a bound socket (<c>SetBroadcast</c>, <c>SetTTL</c>,
    /// <c>SetMulticastTTL</c>, <c>SetMulticastLoopback</c>, <c>SetMulticastInterface</c>, <c>Address</c>, the buffer
    /// sizes) on a socket created in the member with no <c>Bind</c>, <c>Send</c>, <c>Connect</c> or
    /// <c>AddMembership</c> before it on some path. Node throws EBADF or ERR_SOCKET_BUFFER_SIZE.
    /// The rule's three predicates are here, weakest first: the syntax gate, the operation gate, the check.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnboundSocketOptionAnalyzer : SocketFlowAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Supports(DiagnosticDescriptors.NeedsBoundSocket);

        /// <summary>
        /// Syntax gate: an option that needs a bound socket, in a member that creates a socket; in the member's body,
        /// unless a bind on the same local surely comes first; in a local function, always (one called by name learns the
        /// state of its call sites); in a lambda, when the lambda creates a socket itself (a lambda never learns
        /// "unbound" from around it).
        /// </summary>
        internal override bool MayFire(SocketSyntaxCensus names, SemanticModel model, DgramSymbols symbols, System.Threading.CancellationToken cancellationToken)
        {
            if (!names.CreatesSockets)
            {
                return false;
            }

            foreach (var call in names.NeedsBoundInBody)
            {
                if (!names.IsSurelyPreceded(call, byConnect: false, model, symbols, cancellationToken))
                {
                    return true;
                }
            }

            return names.NeedsBoundInFunction;
        }

        /// <summary>
        /// Operation gate: an option on a variable the member stores a new socket in, not surely preceded by a call
        /// that binds it in the function that declares it (the member body for a field); in another function, always,
        /// but in a lambda only when a socket is created inside that lambda.
        /// </summary>
        internal override bool CouldFire(SocketCallCensus census)
        {
            foreach (var (target, call) in census.NeedsBound)
            {
                if (!census.Creates(target))
                {
                    continue;
                }

                if (SocketCallCensus.EnclosingLambda(call) is { } lambda && !census.CreatesSocketWithin(lambda))
                {
                    continue;
                }

                var function = census.EnclosingFunction(call);
                var declaring = target is IFieldSymbol ? census.Owner : target.ContainingSymbol;
                if (!SymbolEqualityComparer.Default.Equals(declaring, function)
                    || !(census.CallsOn(target) is { } calls && census.IsSurelyPreceded(call, target, calls.Binds)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The check: the socket is surely unbound here.</summary>
        internal static bool IsUnbound(SocketState state) => state.Bind == BindState.Unbound;

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
