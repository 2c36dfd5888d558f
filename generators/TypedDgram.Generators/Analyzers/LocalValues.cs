using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// The one value a local ever holds, when it is initialized once and never written again (no assignment, no
    /// <c>ref</c>/<c>out</c>, no deconstruction, including inside lambdas). Lets constant rules see through
    /// <c>var payload = new byte[70_000];</c> or <c>var socket = Dgram.CreateSocket("udp4");</c>.
    /// </summary>
    internal static class LocalValues
    {
        public static IOperation? TryGetOnlyValue(ILocalSymbol local, IOperation anyOperationInScope, System.Func<ExpressionSyntax, bool> initializerMayMatter)
        {
            if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } initializer }
                || !initializerMayMatter(initializer))
            {
                return null;
            }

            var root = anyOperationInScope;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            IOperation? value = null;
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        value = declarator.Initializer?.Value;
                        break;
                    case ILocalReferenceOperation reference when SymbolEqualityComparer.Default.Equals(reference.Local, local) && IsWrite(reference):
                        return null;
                }
            }

            return value;
        }

        private static bool IsWrite(ILocalReferenceOperation reference)
        {
            switch (reference.Parent)
            {
                case IAssignmentOperation assignment when assignment.Target == reference:
                case IIncrementOrDecrementOperation:
                case IArgumentOperation { Parameter.RefKind: not RefKind.None and not RefKind.In }:
                case ITupleOperation:
                    return true;
                default:
                    return reference.IsDeclaration;
            }
        }
    }
}
