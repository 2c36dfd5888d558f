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
    /// TDG0001: <c>Send</c> given an offset without a length or a length without an offset (named arguments, or
    /// <c>null</c> for one of them). Node requires both or neither; the call throws.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SendOffsetLengthAnalyzer : SocketCallAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.SendOffsetWithoutLength);

        /// <summary>Only a named offset or length, or a null or default one, can leave one of them out.</summary>
        internal override bool MayReport(InvocationExpressionSyntax call, string name)
        {
            if (name is not ("Send" or "SendAsync"))
            {
                return false;
            }

            foreach (var argument in call.ArgumentList.Arguments)
            {
                if (CallSyntax.NameOf(argument) is "offset" or "length" || CallSyntax.IsNullOrDefault(argument.Expression))
                {
                    return true;
                }
            }

            return false;
        }

        internal override void AnalyzeInvocation(SyntaxNodeAnalysisContext context, IInvocationOperation invocation, DgramSymbols symbols)
        {
            if (symbols.Classify(invocation.TargetMethod) != SocketMethodKind.Send)
            {
                return;
            }

            var offset = ArgumentValues.Find(invocation, "offset");
            var length = ArgumentValues.Find(invocation, "length");
            if (offset is null || length is null)
            {
                return;
            }

            var hasOffset = ArgumentValues.IsGiven(offset);
            var hasLength = ArgumentValues.IsGiven(length);
            if (hasOffset && !hasLength)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SendOffsetWithoutLength, offset.Syntax.GetLocation(), "an offset", "a length"));
            }
            else if (hasLength && !hasOffset)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SendOffsetWithoutLength, length.Syntax.GetLocation(), "a length", "an offset"));
            }
        }
    }
}
