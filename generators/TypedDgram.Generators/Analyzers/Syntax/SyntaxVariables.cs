using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TypedDgram.Generators.Analyzers.Syntax
{
    /// <summary>What a simple name surely refers to, judged from the declarations around it (no binding).</summary>
    internal enum SyntaxVariableKind
    {
        /// <summary>Not found among the declarations looked at: may be a field, a property, a constant, a type.</summary>
        Unknown,

        /// <summary>A parameter of an enclosing lambda, local function, method, constructor, operator or indexer.</summary>
        Parameter,

        /// <summary>A non-constant local declared with a declarator (a statement of a block, for, using, fixed).</summary>
        Local,

        /// <summary>A local constant.</summary>
        ConstLocal,

        /// <summary>A foreach or catch variable.</summary>
        OtherVariable,
    }

    /// <summary>
    /// Finds the declaration a simple name surely binds to by walking out from it through the scopes C# lets declare
    /// names: function parameters, the locals declared by statements of enclosing blocks, switch blocks and top-level
    /// statements, and the variables of for/foreach/using/fixed/catch. The nearest match wins, as in C#. Declarations
    /// not modelled here (pattern, out and deconstruction variables, query range variables) are all variables, so a
    /// name that really binds to one of them is still not a constant; a name not found is <see cref="SyntaxVariableKind.Unknown"/>.
    /// Primary-constructor parameters are not matched: a member with the same name (a constant) hides them in member bodies.
    /// </summary>
    internal static class SyntaxVariables
    {
        public static SyntaxVariableKind Find(IdentifierNameSyntax name, out VariableDeclaratorSyntax? declarator)
        {
            declarator = null;
            var text = name.Identifier.ValueText;
            SyntaxNode previous = name;
            for (var node = name.Parent; node is not null; previous = node, node = node.Parent)
            {
                switch (node)
                {
                    case SimpleLambdaExpressionSyntax lambda:
                        if (lambda.Parameter.Identifier.ValueText == text)
                        {
                            return SyntaxVariableKind.Parameter;
                        }

                        break;
                    case ParenthesizedLambdaExpressionSyntax lambda:
                        if (HasParameter(lambda.ParameterList, text))
                        {
                            return SyntaxVariableKind.Parameter;
                        }

                        break;
                    case AnonymousMethodExpressionSyntax method:
                        if (method.ParameterList is { } parameters && HasParameter(parameters, text))
                        {
                            return SyntaxVariableKind.Parameter;
                        }

                        break;
                    case LocalFunctionStatementSyntax function:
                        if (HasParameter(function.ParameterList, text))
                        {
                            return SyntaxVariableKind.Parameter;
                        }

                        break;
                    case BlockSyntax block:
                        foreach (var statement in block.Statements)
                        {
                            if (Declares(statement, text, out declarator) is { } kind)
                            {
                                return kind;
                            }
                        }

                        break;
                    case SwitchStatementSyntax switchStatement:
                        // a local declared in one switch section is in scope in the whole switch block
                        foreach (var section in switchStatement.Sections)
                        {
                            foreach (var statement in section.Statements)
                            {
                                if (Declares(statement, text, out declarator) is { } kind)
                                {
                                    return kind;
                                }
                            }
                        }

                        break;
                    case CompilationUnitSyntax unit:
                        foreach (var member in unit.Members)
                        {
                            if (member is GlobalStatementSyntax global && Declares(global.Statement, text, out declarator) is { } kind)
                            {
                                return kind;
                            }
                        }

                        return SyntaxVariableKind.Unknown;
                    case ForStatementSyntax forStatement:
                        if (forStatement.Declaration is { } forDeclaration && Find(forDeclaration, text, out declarator))
                        {
                            return SyntaxVariableKind.Local;
                        }

                        break;
                    case ForEachStatementSyntax forEach:
                        if (forEach.Identifier.ValueText == text && previous != forEach.Expression)
                        {
                            return SyntaxVariableKind.OtherVariable;
                        }

                        break;
                    case UsingStatementSyntax usingStatement:
                        if (usingStatement.Declaration is { } usingDeclaration && Find(usingDeclaration, text, out declarator))
                        {
                            return SyntaxVariableKind.Local;
                        }

                        break;
                    case FixedStatementSyntax fixedStatement:
                        if (Find(fixedStatement.Declaration, text, out declarator))
                        {
                            return SyntaxVariableKind.Local;
                        }

                        break;
                    case CatchClauseSyntax catchClause:
                        if (catchClause.Declaration is { } catchDeclaration && catchDeclaration.Identifier.ValueText == text)
                        {
                            return SyntaxVariableKind.OtherVariable;
                        }

                        break;
                    case BaseMethodDeclarationSyntax method:
                        return HasParameter(method.ParameterList, text) ? SyntaxVariableKind.Parameter : SyntaxVariableKind.Unknown;
                    case IndexerDeclarationSyntax indexer:
                        return HasParameter(indexer.ParameterList, text) ? SyntaxVariableKind.Parameter : SyntaxVariableKind.Unknown;
                    case GlobalStatementSyntax:
                        // a top-level statement: its locals are found at the compilation unit
                        break;
                    case MemberDeclarationSyntax:
                        return SyntaxVariableKind.Unknown;
                }
            }

            return SyntaxVariableKind.Unknown;
        }

        private static SyntaxVariableKind? Declares(StatementSyntax statement, string text, out VariableDeclaratorSyntax? declarator)
        {
            declarator = null;
            if (statement is LocalDeclarationStatementSyntax local && Find(local.Declaration, text, out declarator))
            {
                return local.IsConst ? SyntaxVariableKind.ConstLocal : SyntaxVariableKind.Local;
            }

            return null;
        }

        private static bool Find(VariableDeclarationSyntax declaration, string text, out VariableDeclaratorSyntax? declarator)
        {
            foreach (var variable in declaration.Variables)
            {
                if (variable.Identifier.ValueText == text)
                {
                    declarator = variable;
                    return true;
                }
            }

            declarator = null;
            return false;
        }

        private static bool HasParameter(BaseParameterListSyntax parameters, string text)
        {
            foreach (var parameter in parameters.Parameters)
            {
                if (parameter.Identifier.ValueText == text)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when the name surely is a parameter or a local that is not a constant.</summary>
        public static bool IsSurelyVariable(IdentifierNameSyntax name)
            => Find(name, out _) is SyntaxVariableKind.Parameter or SyntaxVariableKind.Local or SyntaxVariableKind.OtherVariable;
    }
}
