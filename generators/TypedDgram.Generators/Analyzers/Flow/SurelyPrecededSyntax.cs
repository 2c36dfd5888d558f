using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedDgram.Generators.Analyzers.Syntax;
using TypedDgram.Generators.Analyzers.Semantics;

namespace TypedDgram.Generators.Analyzers.Flow
{
    /// <summary>
    /// The syntax form of <see cref="SocketCallCensus"/>'s "surely preceded" test, for the first filters of TDG0009 and
    /// TDG0007: a call on a local (<c>s.SetTTL(64)</c>, <c>s.RemoteAddress()</c>) in a later statement of a block whose
    /// earlier statement is a binding (or connecting) call on the same local (<c>await s.BindAsync(0);</c>), outside
    /// lambdas and local functions, the local written once in the member (labels are the caller's to check). Only
    /// that earlier call is bound (its symbol, not the member's operations) to make sure it is a socket method and
    /// not an extension method of the same name.
    /// </summary>
    internal static class SurelyPrecededSyntax
    {
        public static bool IsSurelyPreceded(InvocationExpressionSyntax call, SyntaxNode executable, bool byConnect, SemanticModel model, DgramSymbols symbols, CancellationToken cancellationToken)
        {
            if (call.Expression is not MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver }
                || SyntaxVariables.Find(receiver, out var declarator) != SyntaxVariableKind.Local
                || Writes(executable, receiver.Identifier.ValueText) != 1)
            {
                return false;
            }

            for (SyntaxNode node = call; node.Parent is not null && node != executable; node = node.Parent)
            {
                if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                {
                    return false;
                }

                if (node.Parent is not BlockSyntax block)
                {
                    continue;
                }

                foreach (var statement in block.Statements)
                {
                    if (statement == node)
                    {
                        break;
                    }

                    if (IsBindingOf(statement, declarator, byConnect, model, symbols, cancellationToken))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary><c>s.Bind(...);</c> or <c>await s.BindAsync(...);</c> (or Send, Connect, AddMembership...; only Connect when <paramref name="byConnect"/>) on the same local.</summary>
        private static bool IsBindingOf(StatementSyntax statement, VariableDeclaratorSyntax? declarator, bool byConnect, SemanticModel model, DgramSymbols symbols, CancellationToken cancellationToken)
        {
            if (statement is not ExpressionStatementSyntax expression)
            {
                return false;
            }

            var value = expression.Expression is AwaitExpressionSyntax awaited ? awaited.Expression : expression.Expression;
            if (value is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } access } invocation
                || !Counts(SocketMethods.Classify(access.Name.Identifier.ValueText), byConnect)
                || SyntaxVariables.Find(receiver, out var bound) != SyntaxVariableKind.Local
                || bound != declarator)
            {
                return false;
            }

            if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
            {
                return false;
            }

            var definition = method.ReducedFrom ?? method;
            return symbols.Classify(definition) is { } kind && Counts(kind, byConnect)
                || !byConnect && definition.Name is "Send" or "SendAsync" && SymbolEqualityComparer.Default.Equals(definition.ContainingType, symbols.Messaging);
        }

        private static bool Counts(SocketMethodKind kind, bool byConnect)
            => byConnect
                ? kind == SocketMethodKind.Connect
                : kind is SocketMethodKind.Bind or SocketMethodKind.Send or SocketMethodKind.Connect or SocketMethodKind.ImplicitBind;

        /// <summary>Declarations and writes of any variable with this name in the member (more than the local's own: never fewer).</summary>
        private static int Writes(SyntaxNode executable, string name)
        {
            var writes = 0;
            foreach (var token in executable.DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.IdentifierToken) || token.ValueText != name)
                {
                    continue;
                }

                switch (token.Parent)
                {
                    case IdentifierNameSyntax identifier when LocalValues.IsWrite(identifier):
                    case VariableDeclaratorSyntax:
                    case SingleVariableDesignationSyntax:
                    case ForEachStatementSyntax:
                    case CatchDeclarationSyntax:
                    case ParameterSyntax:
                        writes++;
                        break;
                }
            }

            return writes;
        }
    }
}
