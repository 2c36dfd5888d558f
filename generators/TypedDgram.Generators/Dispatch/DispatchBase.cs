using System.Linq;
using Microsoft.CodeAnalysis;
using TypedDgram.Generators.Contracts;
using TypedDgram.Generators.Emit;

namespace TypedDgram.Generators.Dispatch
{
    /// <summary>
    /// Where a handler class's base classes dispatch. Every generated dispatch of a class that is not sealed is a
    /// <c>protected virtual</c> <see cref="DispatchEmitter.HookName"/> method; a derived handler class overrides it and falls back to
    /// <c>base.DispatchDatagram</c> for the type ids it does not handle itself, so inherited handlers (private ones
    /// included, in this assembly or another) keep working and the derived class's own handlers win.
    /// </summary>
    internal static class DispatchBase
    {
        private const string HandlersInterface = "TypedDgram.Messaging.IDatagramHandlers";

        /// <summary>
        /// The nearest base class that dispatches through <see cref="DispatchEmitter.HookName"/> (<paramref name="withHook"/>), or, when a
        /// base class implements <c>IDatagramHandlers</c> without it first (by hand, or by an older generator),
        /// that class (<paramref name="hidden"/>): a derived dispatch re-implements the interface and hides it.
        /// </summary>
        public static void Find(INamedTypeSymbol type, out INamedTypeSymbol? withHook, out INamedTypeSymbol? hidden)
        {
            withHook = null;
            hidden = null;
            for (var current = type.BaseType; current is { SpecialType: not SpecialType.System_Object }; current = current.BaseType)
            {
                if (current.DeclaringSyntaxReferences.Length > 0 ? HasGeneratedDispatch(current) : DeclaresHook(current))
                {
                    withHook = current;
                    return;
                }

                // Declared by this class itself (directly or through an interface of its own): the bases above it are hidden with it.
                if (current.Interfaces.Any(i => IsHandlers(i) || i.AllInterfaces.Any(IsHandlers)))
                {
                    hidden = current;
                    return;
                }
            }
        }

        /// <summary>Whether the dispatch generator writes a dispatch for this class of the compilation: it is partial and has a handler it can call.</summary>
        public static bool HasGeneratedDispatch(INamedTypeSymbol type)
        {
            var definition = type.OriginalDefinition;
            return ContractSymbols.IsPartialThroughout(definition)
                && definition.GetMembers().OfType<IMethodSymbol>().Any(HandlerParser.IsDispatched);
        }

        private static bool IsHandlers(INamedTypeSymbol type) => type.ToDisplayString() == HandlersInterface;

        // A class from another assembly: its compiled dispatch declares or overrides the hook.
        private static bool DeclaresHook(INamedTypeSymbol type)
            => type.GetMembers(DispatchEmitter.HookName).OfType<IMethodSymbol>().Any(m =>
                (m.IsVirtual || m.IsOverride || m.IsAbstract)
                && !m.IsSealed
                && m.Parameters.Length == 5
                && m.DeclaredAccessibility is Accessibility.Protected or Accessibility.ProtectedOrInternal);
    }
}
