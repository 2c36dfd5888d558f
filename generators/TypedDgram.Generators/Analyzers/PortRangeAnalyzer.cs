using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TypedDgram.Generators.Diagnostics;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// TDG0004: a constant port out of range: <c>Bind</c> (and <c>BindOptions.Port</c>) outside 0..65535,
    /// <c>Send</c>/<c>Connect</c> outside 1..65535. Node throws ERR_SOCKET_BAD_PORT.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PortRangeAnalyzer : SocketCallAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.PortOutOfRange);

        internal override bool WatchesObjectCreations => true;

        internal override void AnalyzeInvocation(OperationAnalysisContext context, IInvocationOperation invocation, DgramSymbols symbols)
        {
            var kind = symbols.Classify(invocation, out _);
            if (kind is not (SocketMethodKind.Bind or SocketMethodKind.Send or SocketMethodKind.Connect))
            {
                return;
            }

            var port = ArgumentValues.Find(invocation, "port");
            if (ArgumentValues.IsExplicit(port))
            {
                Check(context, port!.Value, invocation.TargetMethod.Name, kind == SocketMethodKind.Bind ? 0 : 1);
            }
        }

        internal override void AnalyzeObjectCreation(OperationAnalysisContext context, IObjectCreationOperation creation, DgramSymbols symbols)
        {
            if (InitializerValue(creation, "Port") is { } port)
            {
                Check(context, port, "BindOptions.Port", 0);
            }
        }

        private static void Check(OperationAnalysisContext context, IOperation value, string member, int minimum)
        {
            if (ArgumentValues.TryGetInteger(value, out var port) && (port < minimum || port > 65535))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PortOutOfRange, value.Syntax.GetLocation(), port, member, minimum));
            }
        }
    }
}
