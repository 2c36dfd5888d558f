using Microsoft.CodeAnalysis;
using TypedDgram.Generators.Contracts;
using TypedDgram.Generators.Models;

namespace TypedDgram.Generators.Dispatch
{
    /// <summary>What can be wrong with a [DatagramHandler] method; the analyzer turns each into a diagnostic.</summary>
    internal enum HandlerProblem
    {
        None,
        BadSignature,
        NotAContract,
    }

    /// <summary>
    /// The shape a handler must have: an instance, non-generic method of a class taking <c>(TContract message)</c> or
    /// <c>(TContract message, RemoteInfo from)</c> and returning void, ValueTask or Task.
    /// </summary>
    internal static class HandlerSignature
    {
        public static HandlerProblem Check(IMethodSymbol method, out INamedTypeSymbol? contract, out bool takesSender, out HandlerReturnKind returnKind)
        {
            contract = null;
            takesSender = false;
            returnKind = HandlerReturnKind.Void;
            if (method.IsStatic || method.IsGenericMethod || method.ContainingType.TypeKind != TypeKind.Class
                || method.Parameters.Length is < 1 or > 2 || !TryGetReturnKind(method.ReturnType, out returnKind))
            {
                return HandlerProblem.BadSignature;
            }

            foreach (var parameter in method.Parameters)
            {
                if (parameter.RefKind != RefKind.None)
                {
                    return HandlerProblem.BadSignature;
                }
            }

            if (method.Parameters.Length == 2)
            {
                if (method.Parameters[1].Type.ToDisplayString() != KnownNames.RemoteInfo)
                {
                    return HandlerProblem.BadSignature;
                }

                takesSender = true;
            }

            if (method.Parameters[0].Type is not INamedTypeSymbol candidate || !ContractSymbols.IsContract(candidate))
            {
                return HandlerProblem.NotAContract;
            }

            contract = candidate;
            return HandlerProblem.None;
        }

        private static bool TryGetReturnKind(ITypeSymbol type, out HandlerReturnKind kind)
        {
            kind = HandlerReturnKind.Void;
            if (type.SpecialType == SpecialType.System_Void)
            {
                return true;
            }

            switch (type.ToDisplayString())
            {
                case "System.Threading.Tasks.ValueTask":
                    kind = HandlerReturnKind.ValueTask;
                    return true;
                case "System.Threading.Tasks.Task":
                    kind = HandlerReturnKind.Task;
                    return true;
                default:
                    return false;
            }
        }
    }
}
