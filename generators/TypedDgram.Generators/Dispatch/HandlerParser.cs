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
            if (HandlerSignature.Check(method, out var contract, out var takesSender, out var returnKind) != HandlerProblem.None
                || contract is null
                || !ContractParser.CanImplement(contract)
                || ContractSymbols.GetAttribute(contract, KnownNames.DatagramAttribute) is not { } attribute
                || !ContractSymbols.IsPartialThroughout(method.ContainingType))
            {
                return null;
            }

            var owner = method.ContainingType;
            return new HandlerMethodInfo(
                ClassKey: ContractSymbols.MetadataName(owner),
                Namespace: owner.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty,
                ContainingTypes: ContractParser.ContainingTypes(owner),
                Keyword: ContractParser.Keyword(owner),
                ClassName: ContractParser.NameWithTypeParameters(owner),
                Handler: new HandlerInfo(method.Name, WireTypeParser.TypeName(contract).TrimEnd('?'), ContractSymbols.TypeId(contract, attribute), takesSender, returnKind));
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
                    handlers));
            }

            return result.ToImmutable();
        }
    }
}
