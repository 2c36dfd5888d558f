using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using TypedDgram.Generators.Contracts;
using TypedDgram.Generators.Models;

namespace TypedDgram.Generators.Dispatch
{
    /// <summary>Turns [DatagramHandler] methods into models, and groups them per class into <see cref="DispatchInfo"/>.</summary>
    internal static class HandlerParser
    {
        /// <summary>The method's model, or null when the generator cannot call it (the analyzer says why).</summary>
        public static HandlerMethodInfo? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not IMethodSymbol method)
            {
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (!TryParse(method, out var contract, out var attribute, out var takesSender, out var returnKind, out var response))
            {
                return null;
            }

            var owner = method.ContainingType;
            DispatchBase.Find(owner, out var withHook, out _);
            return new HandlerMethodInfo(
                ClassKey: ContractSymbols.MetadataName(owner),
                Namespace: owner.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty,
                ContainingTypes: ContractParser.ContainingTypes(owner),
                Keyword: ContractParser.Keyword(owner),
                ClassName: ContractParser.NameWithTypeParameters(owner),
                IsSealed: owner.IsSealed,
                OverridesBase: withHook is not null,
                Handler: new HandlerInfo(method.Name, WireTypeParser.TypeName(contract).TrimEnd('?'), ContractSymbols.TypeId(contract, attribute), takesSender, returnKind, response is null ? string.Empty : WireTypeParser.TypeName(response).TrimEnd('?')));
        }

        /// <summary>Whether the generated dispatch of the method's class calls this method (a [DatagramHandler] it can call).</summary>
        public static bool IsDispatched(IMethodSymbol method)
            => ContractSymbols.GetAttribute(method, KnownNames.DatagramHandlerAttribute) is not null
                && TryParse(method, out _, out _, out _, out _, out _);

        private static bool TryParse(IMethodSymbol method, out INamedTypeSymbol contract, out AttributeData attribute, out bool takesSender, out HandlerReturnKind returnKind, out ITypeSymbol? response)
        {
            contract = null!;
            attribute = null!;
            if (HandlerSignature.Check(method, out var candidate, out takesSender, out returnKind, out response) != HandlerProblem.None
                || candidate is null
                || !ContractParser.CanImplement(candidate)
                || ContractSymbols.GetAttribute(candidate, KnownNames.DatagramAttribute) is not { } found
                || !ContractSymbols.IsPartialThroughout(method.ContainingType))
            {
                return false;
            }

            contract = candidate;
            attribute = found;
            return true;
        }

        /// <summary>One <see cref="DispatchInfo"/> per class, handlers in declaration order; a second handler for one type id is left to the analyzer.</summary>
        public static ImmutableArray<DispatchInfo> GroupByClass(ImmutableArray<HandlerMethodInfo> methods, CancellationToken cancellationToken)
        {
            var result = ImmutableArray.CreateBuilder<DispatchInfo>();
            foreach (var group in methods.GroupBy(m => m.ClassKey))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var first = group.First();
                var seen = new HashSet<uint>();
                var handlers = group.Select(m => m.Handler).Where(h => seen.Add(h.TypeId)).ToEquatableArray();
                result.Add(new DispatchInfo(
                    first.Namespace,
                    first.ContainingTypes,
                    first.Keyword,
                    first.ClassName,
                    first.ClassKey.Replace('+', '.').Replace('`', '_') + ".Dispatch.g.cs",
                    first.IsSealed,
                    first.OverridesBase,
                    handlers));
            }

            return result.ToImmutable();
        }
    }
}
