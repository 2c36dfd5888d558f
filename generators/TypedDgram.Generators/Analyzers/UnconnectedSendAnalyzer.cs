using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Analyzers.Flow;
using TypedDgram.Generators.Diagnostics;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// TDG0011: <c>Send</c> or <c>SendAsync</c> with no port on a socket that is surely not connected at that point:
    /// created in the member and never connected since, or disconnected (the flow rules of TDG0002). Node throws
    /// ERR_SOCKET_BAD_PORT. <c>Send(buffer, 2, 41234)</c> is the common form: C# binds it as offset 2 and length 41234.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnconnectedSendAnalyzer : SocketFlowAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Supports(DiagnosticDescriptors.SendWithoutDestination);

        internal override bool MayFire(SocketSyntaxCensus names, SemanticModel model, DgramSymbols symbols, System.Threading.CancellationToken cancellationToken)
            => names.MaySendWithoutDestinationWhenNotConnected();

        internal override bool CouldFire(SocketCallCensus census)
            => census.MaySendWithoutDestinationWhenNotConnected();

        internal override Diagnostic? CreateDiagnostic(FlowFinding finding)
            => finding.Rule == FlowRule.SendWithoutDestinationWhenNotConnected
                ? Diagnostic.Create(DiagnosticDescriptors.SendWithoutDestination, finding.Location, finding.SocketName, finding.MemberName, finding.Detail ?? string.Empty)
                : null;
    }
}
