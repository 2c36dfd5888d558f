using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using TypedDgram.Generators.Analyzers.Semantics;

namespace TypedDgram.Generators.Analyzers.Flow
{
    /// <summary>
    /// The flow rules are separate analyzers but share one analysis per member: the semantic model hands every
    /// analyzer the same root operation of the member, so its control-flow graph is built once and the findings are
    /// kept with that root and computed once.
    /// </summary>
    internal static class SocketStateFlowCache
    {
        private static readonly ConditionalWeakTable<IOperation, Holder> Results = new ConditionalWeakTable<IOperation, Holder>();

        /// <summary>The flow findings of a member's root operation (a method or constructor body, a root block, a field or property initializer).</summary>
        public static ImmutableArray<FlowFinding> GetFindings(IOperation root, ISymbol owner, DgramSymbols symbols, CancellationToken cancellationToken)
        {
            if (Results.TryGetValue(root, out var cached))
            {
                return cached.Findings;
            }

            var findings = CreateGraph(root, cancellationToken) is { } graph
                ? SocketStateFlow.Analyze(graph, owner, symbols, cancellationToken)
                : ImmutableArray<FlowFinding>.Empty;
            return Results.GetValue(root, _ => new Holder(findings)).Findings;
        }

        private static ControlFlowGraph? CreateGraph(IOperation root, CancellationToken cancellationToken)
        {
            switch (root)
            {
                case IMethodBodyOperation body:
                    return ControlFlowGraph.Create(body, cancellationToken);
                case IConstructorBodyOperation body:
                    return ControlFlowGraph.Create(body, cancellationToken);
                case IBlockOperation block:
                    return ControlFlowGraph.Create(block, cancellationToken);
                case IFieldInitializerOperation initializer:
                    return ControlFlowGraph.Create(initializer, cancellationToken);
                case IPropertyInitializerOperation initializer:
                    return ControlFlowGraph.Create(initializer, cancellationToken);
                default:
                    return null;
            }
        }

        private sealed class Holder
        {
            public Holder(ImmutableArray<FlowFinding> findings) => Findings = findings;

            public ImmutableArray<FlowFinding> Findings { get; }
        }
    }
}
