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
    /// TDG0003: the offset or length of a <c>string</c> message computed from a string's <c>Length</c> or
    /// <c>IndexOf</c> (UTF-16 characters), while Send counts them in UTF-8 bytes: right for ASCII, wrong (cut or out
    /// of range) as soon as the text has a multi-byte character. Constant byte offsets are fine, as in Node; so is a
    /// length taken from a constant ASCII string. (Offset/length with a list of buffers, the rule's other half in
    /// Node, does not compile here: the list overloads have no offset or length.)
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class StringOffsetInCharactersAnalyzer : SocketCallAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.StringOffsetInCharacters);

        /// <summary>Only an argument that mentions a <c>Length</c> or an <c>IndexOf</c> can count characters.</summary>
        internal override bool MayReport(InvocationExpressionSyntax call, string name)
        {
            if (name is not ("Send" or "SendAsync"))
            {
                return false;
            }

            foreach (var argument in call.ArgumentList.Arguments)
            {
                // a callback is never the offset or the length; lambdas nested in a value are searched too
                if (CallSyntax.IsFunction(argument))
                {
                    continue;
                }

                foreach (var node in argument.Expression.DescendantNodesAndSelf())
                {
                    if (node is IdentifierNameSyntax { Identifier.ValueText: "Length" or "IndexOf" or "LastIndexOf" or "IndexOfAny" or "LastIndexOfAny" })
                    {
                        return true;
                    }
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

            var message = ArgumentValues.Find(invocation, "msg");
            if (message?.Parameter?.Type.SpecialType != SpecialType.System_String || IsAsciiConstant(message.Value))
            {
                return;
            }

            foreach (var name in new[] { "offset", "length" })
            {
                var argument = ArgumentValues.Find(invocation, name);
                if (!ArgumentValues.IsGiven(argument))
                {
                    continue;
                }

                foreach (var operation in argument!.Value.DescendantsAndSelf())
                {
                    if (CountsCharacters(operation))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.StringOffsetInCharacters, operation.Syntax.GetLocation(), operation.Syntax.ToString()));
                    }
                }
            }
        }

        /// <summary><c>text.Length</c>, <c>text.IndexOf(...)</c> and friends, on a string that is not constant ASCII.</summary>
        private static bool CountsCharacters(IOperation operation)
        {
            switch (operation)
            {
                case IPropertyReferenceOperation { Property.Name: "Length" } property
                    when property.Property.ContainingType.SpecialType == SpecialType.System_String:
                    return property.Instance is not null && !IsAsciiConstant(property.Instance);
                case IInvocationOperation { TargetMethod.Name: "IndexOf" or "LastIndexOf" or "IndexOfAny" or "LastIndexOfAny" } invocation
                    when invocation.TargetMethod.ContainingType.SpecialType == SpecialType.System_String:
                    return invocation.Instance is not null && !IsAsciiConstant(invocation.Instance);
                default:
                    return false;
            }
        }

        private static bool IsAsciiConstant(IOperation value)
        {
            if (!ArgumentValues.TryGetString(value, out var text))
            {
                return false;
            }

            foreach (var c in text)
            {
                if (c > 0x7F)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
