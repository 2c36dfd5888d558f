using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace TypedDgram.Generators.Analyzers.Flow
{
    /// <summary>
    /// The flow rules are separate analyzers but share one analysis per member: the compiler hands every analyzer
    /// the same cached control-flow graph, so the findings are kept with it and computed once.
    /// </summary>
    internal static class SocketStateFlowCache
    {
        private static readonly ConditionalWeakTable<ControlFlowGraph, Holder> Results = new ConditionalWeakTable<ControlFlowGraph, Holder>();

        public static ImmutableArray<FlowFinding> GetFindings(ControlFlowGraph graph, ISymbol owner, DgramSymbols symbols, CancellationToken cancellationToken)
        {
            if (Results.TryGetValue(graph, out var cached))
            {
                return cached.Findings;
            }

            var findings = SocketStateFlow.Analyze(graph, owner, symbols, cancellationToken);
            return Results.GetValue(graph, _ => new Holder(findings)).Findings;
        }

        private sealed class Holder
        {
            public Holder(ImmutableArray<FlowFinding> findings) => Findings = findings;

            public ImmutableArray<FlowFinding> Findings { get; }
        }
    }
}
