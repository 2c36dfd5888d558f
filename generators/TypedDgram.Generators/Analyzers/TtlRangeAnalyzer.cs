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
    /// TDG0005: a constant TTL out of range: <c>SetTTL</c> outside 1..255, <c>SetMulticastTTL</c> and the Ttl of a
    /// <c>MulticastOptions</c> initializer (the bus's multicast TTL) outside 0..255.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TtlRangeAnalyzer : SocketCallAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.TtlOutOfRange);

        internal override bool WatchesObjectCreations => true;

        internal override bool MayReport(BaseObjectCreationExpressionSyntax creation)
            => InitializerValue(creation, "Ttl") is { } ttl && MayBeOutOfRange(ttl, 0);

        internal override void AnalyzeObjectCreation(SyntaxNodeAnalysisContext context, IObjectCreationOperation creation, DgramSymbols symbols)
        {
            if (symbols.OptionsKind(creation.Type) == OptionsType.Multicast
                && InitializerValue(creation, "Ttl") is { } ttl
                && ArgumentValues.TryGetInteger(ttl, out var value) && (value < 0 || value > 255))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TtlOutOfRange, ttl.Syntax.GetLocation(), value, "MulticastOptions.Ttl", 0));
            }
        }

        private static bool MayBeOutOfRange(ExpressionSyntax expression, int minimum)
        {
            var constant = SyntaxConstant.Classify(expression);
            return constant.IsUnknown || constant.TryGetInteger(out var ttl) && (ttl < minimum || ttl > 255);
        }

        /// <summary>Only an argument that may be a constant out of range can be a bad TTL.</summary>
        internal override bool MayReport(InvocationExpressionSyntax call, string name)
        {
            if (name is not ("SetTTL" or "SetMulticastTTL"))
            {
                return false;
            }

            var minimum = name == "SetTTL" ? 1 : 0;
            foreach (var argument in call.ArgumentList.Arguments)
            {
                if (MayBeOutOfRange(argument.Expression, minimum))
                {
                    return true;
                }
            }

            return false;
        }

        internal override void AnalyzeInvocation(SyntaxNodeAnalysisContext context, IInvocationOperation invocation, DgramSymbols symbols)
        {
            var name = invocation.TargetMethod.Name;
            if (name is not ("SetTTL" or "SetMulticastTTL") || symbols.Classify(invocation.TargetMethod) is null)
            {
                return;
            }

            var minimum = name == "SetTTL" ? 1 : 0;
            var ttl = ArgumentValues.Find(invocation, "ttl");
            if (ttl is not null && ArgumentValues.TryGetInteger(ttl.Value, out var value) && (value < minimum || value > 255))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TtlOutOfRange, ttl.Value.Syntax.GetLocation(), value, name, minimum));
            }
        }
    }
}
