using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedDgram.Generators.Diagnostics;

namespace TypedDgram.CodeFixes
{
    /// <summary>
    /// TDG0003: replaces <c>text.Length</c> with <c>Encoding.UTF8.GetByteCount(text)</c>. Positions found with
    /// <c>IndexOf</c> have no mechanical fix (the search must move to the encoded bytes), so none is offered there.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StringOffsetInCharactersCodeFix))]
    [Shared]
    public sealed class StringOffsetInCharactersCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.StringOffsetInCharacters.Id);

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
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" } length
                    || !SyntaxSafety.CanRepeat(length.Expression))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Count UTF-8 bytes with Encoding.UTF8.GetByteCount",
                        _ =>
                        {
                            var byteCount = EncodingSyntax.ByteCount(length.Expression, model, length.SpanStart).WithTriviaFrom(length);
                            return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(length, byteCount)));
                        },
                        equivalenceKey: nameof(StringOffsetInCharactersCodeFix)),
                    diagnostic);
            }
        }
    }
}
