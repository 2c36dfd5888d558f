using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace TypedDgram.Generators.Analyzers.Semantics
{
    /// <summary>The values an object initializer gives to properties (<c>new BindOptions { Port = 0 }</c>), in operations and in syntax.</summary>
    internal static class Initializers
    {
        /// <summary>The value assigned to <paramref name="propertyName"/> in an object initializer, if any.</summary>
        public static IOperation? ValueOf(IObjectCreationOperation creation, string propertyName)
        {
            if (creation.Initializer is null)
            {
                return null;
            }

            foreach (var initializer in creation.Initializer.Initializers)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment && property.Property.Name == propertyName)
                {
                    return assignment.Value;
                }
            }

            return null;
        }

        /// <summary>The value written for <paramref name="propertyName"/> in an object initializer's syntax (<c>{ Port = 0 }</c>), if any.</summary>
        public static ExpressionSyntax? ValueOf(BaseObjectCreationExpressionSyntax creation, string propertyName)
        {
            if (creation.Initializer is not { } initializer || !initializer.IsKind(SyntaxKind.ObjectInitializerExpression))
            {
                return null;
            }

            foreach (var expression in initializer.Expressions)
            {
                if (expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } assignment && name.Identifier.ValueText == propertyName)
                {
                    return assignment.Right;
                }
            }

            return null;
        }
    }
}
