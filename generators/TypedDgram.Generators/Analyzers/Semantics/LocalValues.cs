using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedDgram.Generators.Analyzers.Semantics
{
    /// <summary>
    /// The one value a local ever holds, when it is initialized once and never written again (no assignment, no
    /// <c>ref</c>/<c>out</c>, no increment, no deconstruction, lambdas included). Lets constant rules see through
    /// <c>var payload = new byte[70_000];</c> or <c>var socket = Dgram.CreateSocket("udp4");</c>. Writes are found in
    /// the text of the local's scope (any identifier with its name counts, so shadowing only makes it give up).
    /// </summary>
    internal static class LocalValues
    {
        public static IOperation? TryGetOnlyValue(ILocalSymbol local, IOperation anyOperationInScope, System.Func<ExpressionSyntax, bool> initializerMayMatter)
        {
            if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
                || !initializerMayMatter(initializer)
                || anyOperationInScope.SemanticModel is not { } model)
            {
                return null;
            }

            SyntaxNode scope = (SyntaxNode?)declarator.FirstAncestorOrSelf<BlockSyntax>() ?? declarator.SyntaxTree.GetRoot();
            foreach (var token in scope.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == local.Name && token.Parent is IdentifierNameSyntax name && IsWrite(name))
                {
                    return null;
                }
            }

            return model.GetOperation(initializer);
        }

        /// <summary>True when the name is written there: assigned, incremented, passed by ref or out, a deconstruction target.</summary>
        internal static bool IsWrite(IdentifierNameSyntax name)
        {
            switch (name.Parent)
            {
                case AssignmentExpressionSyntax assignment:
                    return assignment.Left == name;
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }:
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression }:
                case RefExpressionSyntax:
                    return true;
                case ArgumentSyntax argument:
                    return !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword)
                        || argument.Parent is TupleExpressionSyntax;
                default:
                    return false;
            }
        }
    }
}
