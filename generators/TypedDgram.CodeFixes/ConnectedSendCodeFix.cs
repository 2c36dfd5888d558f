using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using TypedDgram.Generators.Diagnostics;

namespace TypedDgram.CodeFixes
{
    /// <summary>TDG0002: removes the port and address arguments, so the connected socket sends to its remote endpoint.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConnectedSendCodeFix))]
    [Shared]
    public sealed class ConnectedSendCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.SendWithPortOnConnectedSocket.Id);

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
                var argument = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<ArgumentSyntax>();
                if (argument?.Parent?.Parent is not InvocationExpressionSyntax invocation
                    || model.GetOperation(invocation, context.CancellationToken) is not IInvocationOperation operation)
                {
                    continue;
                }

                var destination = operation.Arguments
                    .Where(a => a.Parameter?.Name is "port" or "address" && a.ArgumentKind != ArgumentKind.DefaultValue)
                    .Select(a => a.Syntax)
                    .OfType<ArgumentSyntax>()
                    .ToList();
                if (destination.Count == 0)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Remove the port and address (the socket is connected)",
                        _ =>
                        {
                            var arguments = invocation.ArgumentList;
                            var kept = arguments.Arguments.Where(a => !destination.Contains(a));
                            var newRoot = root.ReplaceNode(arguments, arguments.WithArguments(Microsoft.CodeAnalysis.CSharp.SyntaxFactory.SeparatedList(kept)));
                            return Task.FromResult(context.Document.WithSyntaxRoot(newRoot));
                        },
                        equivalenceKey: nameof(ConnectedSendCodeFix)),
                    diagnostic);
            }
        }
    }
}
