using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Analyzers.Flow;
using TypedDgram.Generators.Diagnostics;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// TDG0010: a <c>Listening</c> handler subscribed after the socket's bind started (an explicit <c>Bind</c>, or the
    /// implicit bind of <c>Send</c>, <c>Connect</c> or <c>AddMembership</c>) on every path, or inside the callback of
    /// <c>Bind</c>. Listening is raised once, posted to the thread pool, so such a handler may or may not run.
    /// <c>Message</c> handlers are deliberately not covered: whether one can miss a datagram depends on whether any
    /// peer knows the port yet, which the source does not say.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LateListeningHandlerAnalyzer : SocketFlowAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Supports(DiagnosticDescriptors.LateListeningHandler);

        internal override bool MayFire(SocketSyntaxCensus names, SemanticModel model, DgramSymbols symbols, System.Threading.CancellationToken cancellationToken)
            => names.MaySubscribeLate();

        internal override bool CouldFire(SocketCallCensus census)
            => census.MaySubscribeLate();

        internal override Diagnostic? CreateDiagnostic(FlowFinding finding)
            => finding.Rule == FlowRule.LateListening
                ? Diagnostic.Create(DiagnosticDescriptors.LateListeningHandler, finding.Location, finding.SocketName)
                : null;
    }
}
