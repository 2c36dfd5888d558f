using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedDgram.Generators.Analyzers.Flow
{
    /// <summary>
    /// The shape shared by the flow rules: per member, read (or reuse) the names of its calls from the syntax; if the
    /// rule could fire, take (or reuse) the census of socket calls from the operations; if it still could, get the
    /// member's control-flow graph, run (or reuse) the socket-state analysis and report this rule's findings. The two
    /// filters keep the cost of members that cannot hold a finding to one syntax walk shared by the four rules.
    /// </summary>
    public abstract class SocketFlowAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Whether a member whose calls have these names can hold a finding of this rule at all.</summary>
        internal abstract bool MayFire(SocketSyntaxCensus names);

        /// <summary>Whether a member with these calls can hold a finding of this rule at all.</summary>
        internal abstract bool CouldFire(SocketCallCensus census);

        /// <summary>The diagnostic for a finding of this rule, or null when the finding belongs to another rule.</summary>
        internal abstract Diagnostic? CreateDiagnostic(FlowFinding finding);

        public sealed override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = DgramSymbols.TryCreate(start.Compilation);
                if (symbols is null)
                {
                    return;
                }

                start.RegisterOperationBlockAction(block => AnalyzeBlock(block, symbols));
            });
        }

        private void AnalyzeBlock(OperationBlockAnalysisContext context, DgramSymbols symbols)
        {
            if (!MayFire(SocketSyntaxCensus.For(context.OperationBlocks)))
            {
                return;
            }

            var census = SocketCallCensus.For(context.OperationBlocks, context.OwningSymbol, symbols);
            if (!CouldFire(census))
            {
                return;
            }

            // several blocks of one member (a constructor's initializer and body) share the member's graph
            var analyzed = new System.Collections.Generic.HashSet<Microsoft.CodeAnalysis.FlowAnalysis.ControlFlowGraph>();
            foreach (var block in context.OperationBlocks)
            {
                if (!HasControlFlowGraph(block))
                {
                    continue;
                }

                var graph = context.GetControlFlowGraph(block);
                if (!analyzed.Add(graph))
                {
                    continue;
                }

                foreach (var finding in SocketStateFlowCache.GetFindings(graph, context.OwningSymbol, symbols, context.CancellationToken))
                {
                    if (CreateDiagnostic(finding) is { } diagnostic)
                    {
                        context.ReportDiagnostic(diagnostic);
                    }
                }
            }
        }

        // the compiler hands over a method's body block (its parent is the method body operation)
        private static bool HasControlFlowGraph(IOperation block)
            => block.Kind is OperationKind.MethodBody
                or OperationKind.ConstructorBody
                or OperationKind.Block
                or OperationKind.FieldInitializer
                or OperationKind.PropertyInitializer;

        /// <summary>Helper for the rules' SupportedDiagnostics.</summary>
        internal static ImmutableArray<DiagnosticDescriptor> Supports(DiagnosticDescriptor descriptor) => ImmutableArray.Create(descriptor);
    }
}
