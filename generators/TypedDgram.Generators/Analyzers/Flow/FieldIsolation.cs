using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedDgram.Generators.Analyzers.Flow
{
    /// <summary>
    /// Decides whether a socket field can be reasoned about like a local inside one member: it must be private, and
    /// every mention of it in its type's source must be inside that member, except plain assignments in constructors
    /// (which run before any other member can see the object). Textual, so it over-approximates: a mention of any
    /// identifier with the field's name counts. Only asked when a finding on a field is about to be reported.
    /// </summary>
    internal static class FieldIsolation
    {
        public static bool IsOnlyUsedIn(IFieldSymbol field, SyntaxNode member, CancellationToken cancellationToken)
        {
            if (field.DeclaredAccessibility != Accessibility.Private)
            {
                return false;
            }

            foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
            {
                var root = reference.GetSyntax(cancellationToken);
                foreach (var token in root.DescendantTokens())
                {
                    if (!token.IsKind(SyntaxKind.IdentifierToken) || token.ValueText != field.Name || token.Parent is not IdentifierNameSyntax name)
                    {
                        continue;
                    }

                    if (name.SyntaxTree == member.SyntaxTree && member.Span.Contains(name.Span))
                    {
                        continue;
                    }

                    if (!IsConstructorAssignment(name, field.IsStatic))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private static bool IsConstructorAssignment(IdentifierNameSyntax name, bool isStatic)
        {
            SyntaxNode target = name;
            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name && access.Expression is ThisExpressionSyntax)
            {
                target = access;
            }

            if (target.Parent is not AssignmentExpressionSyntax assignment || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || assignment.Left != target)
            {
                return false;
            }

            for (var node = assignment.Parent; node is not null; node = node.Parent)
            {
                switch (node)
                {
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                        return false;
                    case ConstructorDeclarationSyntax constructor:
                        return constructor.Modifiers.Any(SyntaxKind.StaticKeyword) == isStatic;
                    case MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }
    }
}
