using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TypedDgram.Generators.Analyzers.Syntax;
using TypedDgram.Generators.Diagnostics;
using TypedDgram.Generators.Analyzers.Semantics;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// TDG0004: a constant port out of range: <c>Bind</c> (and the Port of <c>BindOptions</c>, <c>MulticastOptions</c>
    /// and <c>DatagramEndpointOptions</c> initializers) outside 0..65535,
    /// <c>Send</c>/<c>Connect</c> outside 1..65535. Node throws ERR_SOCKET_BAD_PORT.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PortRangeAnalyzer : SocketCallAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.PortOutOfRange);

        internal override bool WatchesObjectCreations => true;

        /// <summary>
        /// Only an argument that may be a constant out of range can be a bad port. Every value argument is checked
        /// (which one is the port depends on the overload, which only binding tells) but the second of a long send, so
        /// an offset of 0 lets a send with four arguments through.
        /// </summary>
        internal override bool MayReport(InvocationExpressionSyntax call, string name)
        {
            int minimum;
            switch (name)
            {
                case "Bind":
                case "BindAsync":
                    minimum = 0;
                    break;
                case "Send":
                case "SendAsync":
                case "Connect":
                case "ConnectAsync":
                    minimum = 1;
                    break;
                default:
                    return false;
            }

            var arguments = call.ArgumentList.Arguments;

            // five positional arguments or more: the overload is (msg, offset, length, port, ...) or a typed send in
            // static form (socket, msg, port, ...), so the second is an offset or a message, never the port
            var secondIsNotPort = name is "Send" or "SendAsync" && arguments.Count >= 5 && arguments[0].NameColon is null && arguments[1].NameColon is null;
            for (var i = 0; i < arguments.Count; i++)
            {
                if (!(i == 1 && secondIsNotPort) && !CallSyntax.IsFunction(arguments[i]) && MayBeOutOfRange(arguments[i].Expression, minimum))
                {
                    return true;
                }
            }

            return false;
        }

        internal override bool MayReport(BaseObjectCreationExpressionSyntax creation)
            => InitializerValue(creation, "Port") is { } port && MayBeOutOfRange(port, 0);

        private static bool MayBeOutOfRange(ExpressionSyntax expression, int minimum)
        {
            var constant = SyntaxConstant.Classify(expression);
            return constant.IsUnknown || constant.TryGetInteger(out var port) && (port < minimum || port > 65535);
        }

        internal override void AnalyzeInvocation(SyntaxNodeAnalysisContext context, IInvocationOperation invocation, DgramSymbols symbols)
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

        /// <summary>The Port of <c>BindOptions</c>, <c>MulticastOptions</c> and the hosting <c>DatagramEndpointOptions</c>: a port to bind, 0..65535.</summary>
        internal override void AnalyzeObjectCreation(SyntaxNodeAnalysisContext context, IObjectCreationOperation creation, DgramSymbols symbols)
        {
            if (symbols.OptionsKind(creation.Type) is OptionsType.Bind or OptionsType.Multicast or OptionsType.Endpoint
                && InitializerValue(creation, "Port") is { } port)
            {
                Check(context, port, creation.Type!.Name + ".Port", 0);
            }
        }

        private static void Check(SyntaxNodeAnalysisContext context, IOperation value, string member, int minimum)
        {
            if (ArgumentValues.TryGetInteger(value, out var port) && (port < minimum || port > 65535))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PortOutOfRange, value.Syntax.GetLocation(), port, member, minimum));
            }
        }
    }
}
