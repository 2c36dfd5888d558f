using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TypedDgram.Generators.Diagnostics;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace TypedDgram.CodeFixes
{
    /// <summary>
    /// TDG0001: adds the missing half. An offset without a length gets <c>length: msg.Length - offset</c> (the rest of
    /// the buffer; <c>Encoding.UTF8.GetByteCount(msg) - offset</c> for a string); a length without an offset gets
    /// <c>offset: 0</c>. Offered only when the repeated expressions have no side effects.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SendOffsetLengthCodeFix))]
    [Shared]
    public sealed class SendOffsetLengthCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.SendOffsetWithoutLength.Id);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                var given = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<ArgumentSyntax>();
                if (given?.Parent?.Parent is not InvocationExpressionSyntax invocationSyntax
                    || model.GetOperation(invocationSyntax, context.CancellationToken) is not IInvocationOperation invocation)
                {
                    continue;
                }

                var edit = Plan(invocation, given, model);
                if (edit is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        edit.Value.Title,
                        cancellationToken => Apply(context.Document, invocationSyntax, edit.Value.NewArguments, cancellationToken),
                        equivalenceKey: nameof(SendOffsetLengthCodeFix)),
                    diagnostic);
            }
        }

        private static (string Title, string Kind, ArgumentListSyntax NewArguments)? Plan(IInvocationOperation invocation, ArgumentSyntax given, SemanticModel model)
        {
            var offset = Find(invocation, "offset");
            var length = Find(invocation, "length");
            var message = Find(invocation, "msg");
            if (offset is null || length is null || message is null || invocation.Syntax is not InvocationExpressionSyntax syntax)
            {
                return null;
            }

            var arguments = syntax.ArgumentList;
            if (offset.Syntax == given)
            {
                var lengthValue = RestOfMessage(message, (ExpressionSyntax)offset.Value.Syntax, model);
                if (lengthValue is null)
                {
                    return null;
                }

                return ("Add the missing length (the rest of the message)", "Length", Complete(arguments, given, length, "length", lengthValue, after: true));
            }

            var zero = LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(0));
            return ("Add the missing offset (0)", "Offset", Complete(arguments, given, offset, "offset", zero, after: false));
        }

        /// <summary>Replaces an explicit null with the value, or inserts it as a named argument next to the given one.</summary>
        private static ArgumentListSyntax Complete(ArgumentListSyntax arguments, ArgumentSyntax given, IArgumentOperation missing, string name, ExpressionSyntax value, bool after)
        {
            if (missing.ArgumentKind != ArgumentKind.DefaultValue && missing.Syntax is ArgumentSyntax explicitNull)
            {
                return arguments.ReplaceNode(explicitNull, explicitNull.WithExpression(value.WithTriviaFrom(explicitNull.Expression)));
            }

            var added = Argument(NameColon(IdentifierName(name)), default, value);
            var index = arguments.Arguments.IndexOf(given) + (after ? 1 : 0);
            return arguments.WithArguments(arguments.Arguments.Insert(index, added));
        }

        /// <summary><c>msg.Length - offset</c> (or the UTF-8 byte count for a string), or null when it cannot be written safely.</summary>
        private static ExpressionSyntax? RestOfMessage(IArgumentOperation message, ExpressionSyntax offset, SemanticModel model)
        {
            var original = message.Value is IConversionOperation conversion ? conversion.Operand : message.Value;
            if (original.Syntax is not ExpressionSyntax messageSyntax || !SyntaxSafety.CanRepeat(messageSyntax) || !SyntaxSafety.CanRepeat(offset))
            {
                return null;
            }

            ExpressionSyntax total;
            if (original.Type?.SpecialType == SpecialType.System_String)
            {
                total = EncodingSyntax.ByteCount(messageSyntax, model, messageSyntax.SpanStart);
            }
            else if (HasLength(original.Type))
            {
                total = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Parenthesize(messageSyntax.WithoutTrivia()), IdentifierName("Length"));
            }
            else
            {
                return null;
            }

            if (offset is LiteralExpressionSyntax { Token.Value: 0 })
            {
                return total;
            }

            return BinaryExpression(SyntaxKind.SubtractExpression, total, Parenthesize(offset.WithoutTrivia()));
        }

        /// <summary>Arrays, memory and spans: an <c>int Length</c> that counts bytes.</summary>
        private static bool HasLength(ITypeSymbol? type)
        {
            if (type is IArrayTypeSymbol)
            {
                return true;
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current.GetMembers("Length").OfType<IPropertySymbol>().Any(p => p.Type.SpecialType == SpecialType.System_Int32 && !p.IsStatic))
                {
                    return true;
                }
            }

            return false;
        }

        private static ExpressionSyntax Parenthesize(ExpressionSyntax expression)
            => expression is IdentifierNameSyntax or LiteralExpressionSyntax or MemberAccessExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax
                ? expression
                : ParenthesizedExpression(expression);

        private static IArgumentOperation? Find(IInvocationOperation invocation, string parameter)
            => invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == parameter);

        private static async Task<Document> Apply(Document document, InvocationExpressionSyntax invocation, ArgumentListSyntax arguments, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(invocation.ArgumentList, arguments));
        }
    }
}
