using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedDgram.Generators.Analyzers.Syntax
{
    /// <summary>The parts of a call the per-call rules' syntax gates read: the called name and the arguments that can be values.</summary>
    internal static class CallSyntax
    {
        /// <summary>The name a call ends in (<c>s.Send</c>, <c>s?.Send</c>, <c>Send</c>, <c>Send&lt;T&gt;</c>), or null for any other callee.</summary>
        public static string? CalledName(ExpressionSyntax expression)
        {
            expression = StripParentheses(expression);
            switch (expression)
            {
                case MemberAccessExpressionSyntax access:
                    return access.Name.Identifier.ValueText;
                case MemberBindingExpressionSyntax binding:
                    return binding.Name.Identifier.ValueText;
                case SimpleNameSyntax name:
                    return name.Identifier.ValueText;
                default:
                    return null;
            }
        }

        /// <summary>A lambda or anonymous method: a callback, never a port, address, length or message.</summary>
        public static bool IsFunction(ArgumentSyntax argument)
            => StripParentheses(argument.Expression) is AnonymousFunctionExpressionSyntax;

        /// <summary>The parameter name an argument gives (<c>port: 0</c>), or null for a positional argument.</summary>
        public static string? NameOf(ArgumentSyntax argument) => argument.NameColon?.Name.Identifier.ValueText;

        /// <summary>
        /// True for what may bind to a null <c>int?</c>: <c>null</c>, <c>default</c>, <c>default(T)</c> and a creation
        /// without arguments (<c>new int?()</c>, <c>new()</c>), through parentheses, casts and <c>!</c>.
        /// </summary>
        public static bool IsNullOrDefault(ExpressionSyntax expression)
        {
            expression = StripParenthesesAndCasts(expression);
            switch (expression)
            {
                case DefaultExpressionSyntax:
                    return true;
                case LiteralExpressionSyntax literal:
                    return literal.IsKind(SyntaxKind.NullLiteralExpression) || literal.IsKind(SyntaxKind.DefaultLiteralExpression);
                case BaseObjectCreationExpressionSyntax creation:
                    return creation.Initializer is null && (creation.ArgumentList is null || creation.ArgumentList.Arguments.Count == 0);
                default:
                    return false;
            }
        }

        public static ExpressionSyntax StripParentheses(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
        }

        public static ExpressionSyntax StripParenthesesAndCasts(ExpressionSyntax expression)
        {
            while (true)
            {
                switch (expression)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        expression = parenthesized.Expression;
                        break;
                    case CastExpressionSyntax cast:
                        expression = cast.Expression;
                        break;
                    case PostfixUnaryExpressionSyntax suppressed when suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                        expression = suppressed.Operand;
                        break;
                    default:
                        return expression;
                }
            }
        }
    }
}
