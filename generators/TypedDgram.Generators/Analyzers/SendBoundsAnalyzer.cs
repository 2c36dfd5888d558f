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
    /// TDG0012: <c>Send</c> given a constant offset or length outside a message whose size the source fixes (a string
    /// constant in UTF-8 bytes, <c>new byte[N]</c>, an array initializer, <c>"..."u8.ToArray()</c>,
    /// <c>Encoding.UTF8.GetBytes("...")</c>, or a local that holds only one of these). Node throws
    /// ERR_BUFFER_OUT_OF_BOUNDS. The shape it catches most: <c>Send(buffer, 2, 41234)</c>, meant as a port.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SendBoundsAnalyzer : SocketCallAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.SendOutOfBounds);

        /// <summary>
        /// Only a send with an offset and a length that may both be constants can be reported: named, or the second and
        /// third of positional arguments (the offset/length overloads put them there).
        /// </summary>
        internal override bool MayReport(InvocationExpressionSyntax call, string name)
        {
            if (name != "Send")
            {
                return false;
            }

            ExpressionSyntax? offset = null;
            ExpressionSyntax? length = null;
            var arguments = call.ArgumentList.Arguments;
            var positional = true;
            for (var i = 0; i < arguments.Count; i++)
            {
                var given = CallSyntax.NameOf(arguments[i]);
                positional &= given is null;
                var parameter = given ?? (positional && i == 1 ? "offset" : positional && i == 2 ? "length" : null);
                if (parameter == "offset")
                {
                    offset = arguments[i].Expression;
                }
                else if (parameter == "length")
                {
                    length = arguments[i].Expression;
                }
            }

            return offset is not null && length is not null && MayBeInteger(offset) && MayBeInteger(length);
        }

        private static bool MayBeInteger(ExpressionSyntax expression)
        {
            var constant = SyntaxConstant.Classify(expression);
            return constant.IsUnknown || constant.TryGetInteger(out _);
        }

        internal override void AnalyzeInvocation(SyntaxNodeAnalysisContext context, IInvocationOperation invocation, DgramSymbols symbols)
        {
            if (symbols.Classify(invocation.TargetMethod) != SocketMethodKind.Send)
            {
                return;
            }

            var offset = ArgumentValues.Find(invocation, "offset");
            var length = ArgumentValues.Find(invocation, "length");
            var message = ArgumentValues.Find(invocation, "msg");
            if (!ArgumentValues.IsGiven(offset) || !ArgumentValues.IsGiven(length) || message is null
                || !ArgumentValues.TryGetInteger(offset!.Value, out var start)
                || !ArgumentValues.TryGetInteger(length!.Value, out var count)
                || !PayloadSizes.TryGetExact(message.Value, out var size))
            {
                return;
            }

            // Node's order: the offset first, then the length from it
            if (start < 0 || start > size)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SendOutOfBounds, offset.Value.Syntax.GetLocation(), "offset", start, size, string.Empty));
            }
            else if (count < 0 || start + count > size)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SendOutOfBounds, length.Value.Syntax.GetLocation(), "length", count, size, start == 0 ? string.Empty : $" from offset {start}"));
            }
        }
    }
}
