using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedDgram.Generators.Analyzers.Semantics;

namespace TypedDgram.Generators.Analyzers.Syntax
{
    /// <summary>
    /// The syntax mirror of <see cref="SocketTypeResolver"/>: false only when the resolver surely does not find
    /// <c>type</c> ("udp4" or "udp6") for a receiver. It follows the same paths (<c>Dgram.CreateSocket</c>, calls on a
    /// socket that may return it, locals initialized with a call) and takes any name that may be a constant as that type.
    /// </summary>
    internal static class SocketTypeSyntax
    {
        private const int MaxDepth = 8;

        public static bool MayBe(ExpressionSyntax? receiver, string type) => MayBe(receiver, type, 0);

        private static bool MayBe(ExpressionSyntax? receiver, string type, int depth)
        {
            if (receiver is null)
            {
                return false;
            }

            if (depth > MaxDepth)
            {
                return true;
            }

            switch (CallSyntax.StripParenthesesAndCasts(receiver))
            {
                case InvocationExpressionSyntax invocation when CallSyntax.CalledName(invocation.Expression) == "CreateSocket":
                    return CreatesType(invocation, type);
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                    // Bind, Ref, Unref and Close return the socket they are called on
                    return MayBe(access.Expression, type, depth + 1);
                case IdentifierNameSyntax name:
                    // a local the resolver follows only when initialized with a call
                    return SyntaxVariables.Find(name, out var declarator) == SyntaxVariableKind.Local
                        && declarator?.Initializer?.Value is InvocationExpressionSyntax initializer
                        && MayBe(initializer, type, depth + 1);
                default:
                    return false;
            }
        }

        private static bool CreatesType(InvocationExpressionSyntax createSocket, string type)
        {
            foreach (var argument in createSocket.ArgumentList.Arguments)
            {
                var value = CallSyntax.StripParenthesesAndCasts(argument.Expression);
                if (IsType(value, type)
                    || value is BaseObjectCreationExpressionSyntax options
                        && SocketCallAnalyzer.InitializerValue(options, "Type") is { } optionsType
                        && IsType(optionsType, type))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsType(ExpressionSyntax expression, string type)
        {
            var constant = SyntaxConstant.Classify(expression);
            return constant.IsUnknown || constant.TryGetString(out var text) && text == type;
        }
    }
}
