using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedDgram.CodeFixes
{
    /// <summary>
    /// Which expressions a fix may repeat: only those without side effects and cheap to evaluate twice (names,
    /// member accesses on names, literals, and arithmetic of those), so a fix never changes what a program does.
    /// </summary>
    internal static class SyntaxSafety
    {
        public static bool CanRepeat(ExpressionSyntax expression)
        {
            switch (expression)
            {
                case IdentifierNameSyntax:
                case LiteralExpressionSyntax:
                case ThisExpressionSyntax:
                    return true;
                case MemberAccessExpressionSyntax access:
                    return CanRepeat(access.Expression);
                case ParenthesizedExpressionSyntax parenthesized:
                    return CanRepeat(parenthesized.Expression);
                case BinaryExpressionSyntax binary:
                    return CanRepeat(binary.Left) && CanRepeat(binary.Right);
                case PrefixUnaryExpressionSyntax unary:
                    return CanRepeat(unary.Operand);
                case CastExpressionSyntax cast:
                    return CanRepeat(cast.Expression);
                default:
                    return false;
            }
        }
    }
}
