using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedDgram.Generators.Analyzers.Syntax
{
    /// <summary>What the syntax alone says about an expression's compile-time constant value.</summary>
    internal enum SyntaxConstantKind
    {
        /// <summary>Surely not a constant (a call, a creation, a parameter or a non-constant local, ...).</summary>
        NotConstant,

        /// <summary>A constant whose value the syntax gives (<see cref="SyntaxConstant.Value"/>).</summary>
        Constant,

        /// <summary>May be a constant the syntax does not show (a name that may be a const field, a cast, nameof, ...).</summary>
        Unknown,
    }

    /// <summary>
    /// Classifies an expression as surely not constant, constant with a known value, or unknown, from its syntax only,
    /// so the per-call rules bind (and build operations for) only the calls whose constants could break a rule. It
    /// must never call a constant "not constant": integer constants are computed as C# <c>int</c>s (anything else,
    /// suffixed literals, overflow, division by zero: unknown); strings concatenate; names are not constant only when
    /// they surely are parameters or non-constant locals.
    /// </summary>
    internal readonly struct SyntaxConstant
    {
        private const int MaxDepth = 64;

        private SyntaxConstant(SyntaxConstantKind kind, object? value)
        {
            Kind = kind;
            Value = value;
        }

        public static SyntaxConstant NotConstant { get; } = new SyntaxConstant(SyntaxConstantKind.NotConstant, null);

        public static SyntaxConstant Unknown { get; } = new SyntaxConstant(SyntaxConstantKind.Unknown, null);

        public SyntaxConstantKind Kind { get; }

        /// <summary>The value of a <see cref="SyntaxConstantKind.Constant"/>: an <c>int</c>, <c>char</c>, <c>string</c>, <c>bool</c>, <c>double</c>... or null.</summary>
        public object? Value { get; }

        public bool IsUnknown => Kind == SyntaxConstantKind.Unknown;

        /// <summary>True for an integer constant (<c>int</c> or <c>char</c>), with its value.</summary>
        public bool TryGetInteger(out long value)
        {
            switch (Kind == SyntaxConstantKind.Constant ? Value : null)
            {
                case int i:
                    value = i;
                    return true;
                case char c:
                    value = c;
                    return true;
                default:
                    value = 0;
                    return false;
            }
        }

        /// <summary>True for a string constant, with its value.</summary>
        public bool TryGetString(out string value)
        {
            value = Kind == SyntaxConstantKind.Constant ? Value as string ?? string.Empty : string.Empty;
            return Kind == SyntaxConstantKind.Constant && Value is string;
        }

        public static SyntaxConstant Of(object? value) => new SyntaxConstant(SyntaxConstantKind.Constant, value);

        public static SyntaxConstant Classify(ExpressionSyntax expression) => Classify(expression, 0);

        private static SyntaxConstant Classify(ExpressionSyntax expression, int depth)
        {
            if (depth > MaxDepth)
            {
                return Unknown;
            }

            switch (expression)
            {
                case LiteralExpressionSyntax literal:
                    return Literal(literal);
                case ParenthesizedExpressionSyntax parenthesized:
                    return Classify(parenthesized.Expression, depth + 1);
                case PrefixUnaryExpressionSyntax unary
                    when unary.IsKind(SyntaxKind.UnaryMinusExpression) || unary.IsKind(SyntaxKind.UnaryPlusExpression) || unary.IsKind(SyntaxKind.BitwiseNotExpression):
                    return Unary(unary, depth);
                case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.LogicalNotExpression):
                    return Classify(unary.Operand, depth + 1).Kind == SyntaxConstantKind.NotConstant ? NotConstant : Unknown;
                case BinaryExpressionSyntax binary:
                    return Binary(binary, depth);
                case CastExpressionSyntax cast:
                    return Classify(cast.Expression, depth + 1).Kind == SyntaxConstantKind.NotConstant ? NotConstant : Unknown;
                case InvocationExpressionSyntax invocation:
                    // nameof(...) is the one call that is a constant
                    return invocation.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" } ? Unknown : NotConstant;
                case IdentifierNameSyntax name:
                    return SyntaxVariables.IsSurelyVariable(name) ? NotConstant : Unknown;
                case MemberAccessExpressionSyntax access when access.IsKind(SyntaxKind.SimpleMemberAccessExpression):
                    return IsInstance(access.Expression) ? NotConstant : Unknown;
                case BaseObjectCreationExpressionSyntax:
                case AnonymousObjectCreationExpressionSyntax:
                case ArrayCreationExpressionSyntax:
                case ImplicitArrayCreationExpressionSyntax:
                case StackAllocArrayCreationExpressionSyntax:
                case ImplicitStackAllocArrayCreationExpressionSyntax:
                case CollectionExpressionSyntax:
                case AnonymousFunctionExpressionSyntax:
                case AwaitExpressionSyntax:
                case ElementAccessExpressionSyntax:
                case ConditionalAccessExpressionSyntax:
                case AssignmentExpressionSyntax:
                case PostfixUnaryExpressionSyntax:
                case ThisExpressionSyntax:
                case BaseExpressionSyntax:
                case TupleExpressionSyntax:
                case ThrowExpressionSyntax:
                case RefExpressionSyntax:
                case WithExpressionSyntax:
                case QueryExpressionSyntax:
                case TypeOfExpressionSyntax:
                    return NotConstant;
                case PrefixUnaryExpressionSyntax:
                    // ++x, --x, &x, *x, ^x
                    return NotConstant;
                default:
                    // interpolated strings, conditionals, default, checked/unchecked, sizeof, switch expressions, ...
                    return Unknown;
            }
        }

        /// <summary>
        /// True when <c>expression.Member</c> cannot name a constant: a constant is reached through a type, never
        /// through an instance. A variable whose name may also be its type's name ("Color Color") is not trusted.
        /// </summary>
        private static bool IsInstance(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            switch (expression)
            {
                case ThisExpressionSyntax:
                case BaseExpressionSyntax:
                case InvocationExpressionSyntax:
                case ElementAccessExpressionSyntax:
                case BaseObjectCreationExpressionSyntax:
                    return true;
                case IdentifierNameSyntax name:
                    return MayNotBeATypeName(name) && SyntaxVariables.IsSurelyVariable(name);
                default:
                    return false;
            }
        }

        // types are PascalCase; a lower-case name that is both a variable and a type of that name is not expected
        private static bool MayNotBeATypeName(IdentifierNameSyntax name)
        {
            var text = name.Identifier.ValueText;
            return text.Length > 0 && (char.IsLower(text[0]) || text[0] == '_');
        }

        private static SyntaxConstant Literal(LiteralExpressionSyntax literal)
        {
            switch (literal.Kind())
            {
                case SyntaxKind.NumericLiteralExpression:
                    // int literals only: a suffixed or larger literal is typed uint/long/ulong, whose arithmetic differs
                    var value = literal.Token.Value;
                    return value is int or double or float or decimal ? Of(value) : Unknown;
                case SyntaxKind.StringLiteralExpression:
                    return Of(literal.Token.ValueText);
                case SyntaxKind.CharacterLiteralExpression:
                    return Of(literal.Token.Value);
                case SyntaxKind.TrueLiteralExpression:
                    return Of(true);
                case SyntaxKind.FalseLiteralExpression:
                    return Of(false);
                case SyntaxKind.NullLiteralExpression:
                    return Of(null);
                default:
                    // default, __arglist, UTF-8 strings (not constants, but not worth a rule of their own)
                    return Unknown;
            }
        }

        private static SyntaxConstant Unary(PrefixUnaryExpressionSyntax unary, int depth)
        {
            var operand = Classify(unary.Operand, depth + 1);
            if (operand.Kind != SyntaxConstantKind.Constant)
            {
                return operand;
            }

            if (!operand.TryGetInteger(out var value))
            {
                return Unknown;
            }

            long result = unary.Kind() switch
            {
                SyntaxKind.UnaryMinusExpression => -value,
                SyntaxKind.UnaryPlusExpression => value,
                _ => ~value,
            };
            return AsInt(result);
        }

        private static SyntaxConstant Binary(BinaryExpressionSyntax binary, int depth)
        {
            var left = Classify(binary.Left, depth + 1);
            var right = Classify(binary.Right, depth + 1);
            if (left.Kind == SyntaxConstantKind.NotConstant || right.Kind == SyntaxConstantKind.NotConstant)
            {
                // an operator with a non-constant operand is not constant (?? included: its left is never a constant)
                return NotConstant;
            }

            if (left.Kind == SyntaxConstantKind.Unknown || right.Kind == SyntaxConstantKind.Unknown)
            {
                return Unknown;
            }

            if (binary.IsKind(SyntaxKind.AddExpression) && left.TryGetString(out var leftText) && right.TryGetString(out var rightText))
            {
                return Of(leftText + rightText);
            }

            if (!left.TryGetInteger(out var a) || !right.TryGetInteger(out var b))
            {
                return Unknown;
            }

            switch (binary.Kind())
            {
                case SyntaxKind.AddExpression:
                    return AsInt(a + b);
                case SyntaxKind.SubtractExpression:
                    return AsInt(a - b);
                case SyntaxKind.MultiplyExpression:
                    return AsInt(a * b);
                case SyntaxKind.DivideExpression:
                    return b == 0 ? Unknown : AsInt(a / b);
                case SyntaxKind.ModuloExpression:
                    return b == 0 ? Unknown : AsInt(a % b);
                case SyntaxKind.BitwiseAndExpression:
                    return AsInt(a & b);
                case SyntaxKind.BitwiseOrExpression:
                    return AsInt(a | b);
                case SyntaxKind.ExclusiveOrExpression:
                    return AsInt(a ^ b);
                case SyntaxKind.LeftShiftExpression:
                    return Of((int)a << (int)(b & 31));
                case SyntaxKind.RightShiftExpression:
                    return Of((int)a >> (int)(b & 31));
                case SyntaxKind.UnsignedRightShiftExpression:
                    return Of((int)((uint)(int)a >> (int)(b & 31)));
                default:
                    return Unknown;
            }
        }

        // int arithmetic that overflows is an error in a constant (or wraps in unchecked code): not modelled
        private static SyntaxConstant AsInt(long value)
            => value < int.MinValue || value > int.MaxValue ? Unknown : Of((int)value);
    }
}
