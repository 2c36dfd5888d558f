using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedDgram.Generators.Analyzers.Semantics;

namespace TypedDgram.Generators.Analyzers.Syntax
{
    /// <summary>
    /// The syntax gate of the payload-size rule: whether a message or length may be larger than a limit as
    /// <see cref="PayloadSizes"/> measures it. It mirrors the kinds PayloadSizes sizes (string constants,
    /// <c>new byte[N]</c>, array and collection initializers and their elements, collection initializers of objects,
    /// <c>Encoding.UTF8.GetBytes</c> of a constant, locals initialized with one of those) and lets through anything that
    /// may be a constant it cannot see (a name that may be a const field, a cast, a conditional).
    /// </summary>
    internal static class PayloadSyntax
    {
        private const int MaxDepth = 8;

        /// <summary>False only when the expression surely is not a message PayloadSizes finds larger than <paramref name="limit"/> bytes.</summary>
        public static bool MayBeLarge(ExpressionSyntax expression, int limit) => MayBeLarge(expression, limit, 0);

        /// <summary>False only when the expression surely is not an integer constant above <paramref name="limit"/>.</summary>
        public static bool MayBeLargeLength(ExpressionSyntax expression, int limit)
        {
            var constant = SyntaxConstant.Classify(expression);
            return constant.IsUnknown || constant.TryGetInteger(out var length) && length > limit;
        }

        private static bool MayBeLarge(ExpressionSyntax expression, int limit, int depth)
        {
            if (depth > MaxDepth)
            {
                return true;
            }

            // conversions are seen through by PayloadSizes, casts included
            expression = CallSyntax.StripParenthesesAndCasts(expression);
            var constant = SyntaxConstant.Classify(expression);
            if (constant.IsUnknown)
            {
                return true;
            }

            if (constant.Kind == SyntaxConstantKind.Constant)
            {
                return constant.TryGetString(out var text) && System.Text.Encoding.UTF8.GetByteCount(text) > limit;
            }

            switch (expression)
            {
                case ArrayCreationExpressionSyntax array:
                    foreach (var rank in array.Type.RankSpecifiers)
                    {
                        foreach (var size in rank.Sizes)
                        {
                            if (size is not OmittedArraySizeExpressionSyntax && MayBeLargeLength(size, limit))
                            {
                                return true;
                            }
                        }
                    }

                    return array.Initializer is { } arrayInitializer && ElementsMayBeLarge(arrayInitializer.Expressions, limit, depth);
                case ImplicitArrayCreationExpressionSyntax implicitArray:
                    return ElementsMayBeLarge(implicitArray.Initializer.Expressions, limit, depth);
                case CollectionExpressionSyntax collection:
                    var elements = 0;
                    foreach (var element in collection.Elements)
                    {
                        // a spread counts for nothing in PayloadSizes
                        if (element is ExpressionElementSyntax value)
                        {
                            elements++;
                            if (MayBeLarge(value.Expression, limit, depth + 1))
                            {
                                return true;
                            }
                        }
                    }

                    return elements > limit;
                case BaseObjectCreationExpressionSyntax creation:
                    return creation.Initializer is { } initializer
                        && initializer.IsKind(SyntaxKind.CollectionInitializerExpression)
                        && ElementsMayBeLarge(initializer.Expressions, limit, depth);
                case InvocationExpressionSyntax invocation:
                    return CallSyntax.CalledName(invocation.Expression) == "GetBytes"
                        && invocation.ArgumentList.Arguments.Count == 1
                        && SyntaxConstant.Classify(invocation.ArgumentList.Arguments[0].Expression) is var encoded
                        && (encoded.IsUnknown || encoded.TryGetString(out var encodedText) && System.Text.Encoding.UTF8.GetByteCount(encodedText) > limit);
                case IdentifierNameSyntax name:
                    // a non-constant local counts by its initializer (PayloadSizes follows it when it is never written again)
                    return SyntaxVariables.Find(name, out var declarator) == SyntaxVariableKind.Local
                        && declarator?.Initializer is { } local
                        && MayBeLarge(local.Value, limit, depth + 1);
                default:
                    return false;
            }
        }

        private static bool ElementsMayBeLarge(SeparatedSyntaxList<ExpressionSyntax> elements, int limit, int depth)
        {
            if (elements.Count > limit)
            {
                return true;
            }

            foreach (var element in elements)
            {
                if (MayBeLarge(element, limit, depth + 1))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
