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
        ResponseMismatch,
    }

    /// <summary>
    /// The shape a handler must have: an instance, non-generic method of a class taking <c>(TContract message)</c> or
    /// <c>(TContract message, RemoteInfo from)</c> and returning void, ValueTask or Task; a handler of a request
    /// (<c>IRequest&lt;TResponse&gt;</c>) may instead return its response: <c>TResponse</c>, <c>ValueTask&lt;TResponse&gt;</c>
    /// or <c>Task&lt;TResponse&gt;</c>.
    /// </summary>
    internal static class HandlerSignature
    {
        public static HandlerProblem Check(IMethodSymbol method, out INamedTypeSymbol? contract, out bool takesSender, out HandlerReturnKind returnKind)
            => Check(method, out contract, out takesSender, out returnKind, out _);

        /// <summary>Checks the method; <paramref name="response"/> is the response type a request handler returns, else null.</summary>
        public static HandlerProblem Check(IMethodSymbol method, out INamedTypeSymbol? contract, out bool takesSender, out HandlerReturnKind returnKind, out ITypeSymbol? response)
        {
            contract = null;
            takesSender = false;
            response = null;
            returnKind = ReturnKind(method.ReturnType, out var returned);
            if (method.IsStatic || method.IsGenericMethod || method.ContainingType.TypeKind != TypeKind.Class
                || method.Parameters.Length is < 1 or > 2)
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
                return returned is null ? HandlerProblem.NotAContract : HandlerProblem.BadSignature;
            }

            if (returned is not null)
            {
                // A value is only ever a request's response; any other contract's handler returns nothing (TDG1004).
                if (ContractSymbols.ResponseType(candidate) is not { } expected)
                {
                    return HandlerProblem.BadSignature;
                }

                if (!SymbolEqualityComparer.Default.Equals(returned.WithNullableAnnotation(NullableAnnotation.NotAnnotated), expected.WithNullableAnnotation(NullableAnnotation.NotAnnotated)))
                {
                    contract = candidate;
                    return HandlerProblem.ResponseMismatch;
                }

                response = expected;
            }

            contract = candidate;
            return HandlerProblem.None;
        }

        // void, ValueTask, Task (returned is null), or a value: T, ValueTask<T>, Task<T> (returned is T).
        private static HandlerReturnKind ReturnKind(ITypeSymbol type, out ITypeSymbol? returned)
        {
            returned = null;
            if (type.SpecialType == SpecialType.System_Void)
            {
                return HandlerReturnKind.Void;
            }

            switch (type.ToDisplayString())
            {
                case "System.Threading.Tasks.ValueTask":
                    return HandlerReturnKind.ValueTask;
                case "System.Threading.Tasks.Task":
                    return HandlerReturnKind.Task;
            }

            if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic)
            {
                switch (generic.OriginalDefinition.ToDisplayString())
                {
                    case "System.Threading.Tasks.ValueTask<TResult>":
                        returned = generic.TypeArguments[0];
                        return HandlerReturnKind.ValueTaskOfResponse;
                    case "System.Threading.Tasks.Task<TResult>":
                        returned = generic.TypeArguments[0];
                        return HandlerReturnKind.TaskOfResponse;
                }
            }

            returned = type;
            return HandlerReturnKind.Response;
        }
    }
}
