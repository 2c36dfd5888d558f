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

        /// <summary>True for <c>null</c>, <c>default</c> and <c>default(T)</c>, through parentheses and casts.</summary>
        public static bool IsNullOrDefault(ExpressionSyntax expression)
        {
            expression = StripParenthesesAndCasts(expression);
            return expression is DefaultExpressionSyntax
                || expression is LiteralExpressionSyntax literal
                    && (literal.IsKind(SyntaxKind.NullLiteralExpression) || literal.IsKind(SyntaxKind.DefaultLiteralExpression));
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
                    default:
                        return expression;
                }
            }
        }
    }
}
