using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// The shape shared by the rules that look at one call at a time (constants, argument shapes): register for
    /// invocations (and object creations, for <c>BindOptions</c>) only when the compilation references TypedDgram.
    /// </summary>
    public abstract class SocketCallAnalyzer : DiagnosticAnalyzer
    {
        internal abstract void AnalyzeInvocation(OperationAnalysisContext context, IInvocationOperation invocation, DgramSymbols symbols);

        internal virtual void AnalyzeObjectCreation(OperationAnalysisContext context, IObjectCreationOperation creation, DgramSymbols symbols)
        {
        }

        internal virtual bool WatchesObjectCreations => false;

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

                start.RegisterOperationAction(c => AnalyzeInvocation(c, (IInvocationOperation)c.Operation, symbols), OperationKind.Invocation);
                if (WatchesObjectCreations)
                {
                    start.RegisterOperationAction(
                        c =>
                        {
                            var creation = (IObjectCreationOperation)c.Operation;
                            if (SymbolEqualityComparer.Default.Equals(creation.Type, symbols.BindOptions))
                            {
                                AnalyzeObjectCreation(c, creation, symbols);
                            }
                        },
                        OperationKind.ObjectCreation);
                }
            });
        }

        /// <summary>The value assigned to <paramref name="propertyName"/> in an object initializer, if any.</summary>
        internal static IOperation? InitializerValue(IObjectCreationOperation creation, string propertyName)
        {
            if (creation.Initializer is null)
            {
                return null;
            }

            foreach (var initializer in creation.Initializer.Initializers)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment && property.Property.Name == propertyName)
                {
                    return assignment.Value;
                }
            }

            return null;
        }
    }
}
