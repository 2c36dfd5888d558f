using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TypedDgram.Generators.Analyzers.Syntax;
using TypedDgram.Generators.Analyzers.Semantics;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// The shape shared by the rules that look at one call at a time (constants, argument shapes): register for
    /// invocation syntax (and object creations, for <c>BindOptions</c>) only when the compilation references TypedDgram,
    /// and bind a call (<see cref="SemanticModel.GetOperation(SyntaxNode, System.Threading.CancellationToken)"/>) only
    /// when its syntax passes the rule's gate. Registering no operation action spares the driver building operation
    /// trees for every member; a gate may only turn away calls that cannot produce the rule's diagnostic.
    /// </summary>
    public abstract class SocketCallAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableArray<SyntaxKind> Creations = ImmutableArray.Create(SyntaxKind.ObjectCreationExpression, SyntaxKind.ImplicitObjectCreationExpression);

        /// <summary>
        /// The syntax gate: false only when a call named <paramref name="name"/> with these arguments surely cannot
        /// produce this rule's diagnostic, whatever it binds to.
        /// </summary>
        internal abstract bool MayReport(InvocationExpressionSyntax call, string name);

        internal abstract void AnalyzeInvocation(SyntaxNodeAnalysisContext context, IInvocationOperation invocation, DgramSymbols symbols);

        /// <summary>The syntax gate of object creations: false only when the creation surely cannot produce this rule's diagnostic.</summary>
        internal virtual bool MayReport(BaseObjectCreationExpressionSyntax creation) => false;

        internal virtual void AnalyzeObjectCreation(SyntaxNodeAnalysisContext context, IObjectCreationOperation creation, DgramSymbols symbols)
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

                var gatesOpen = (AnalyzerGates.OpenTiers(start.Options) & GateTiers.CallSyntax) != 0;
                start.RegisterSyntaxNodeAction(c => AnalyzeCall(c, symbols, gatesOpen), SyntaxKind.InvocationExpression);
                if (WatchesObjectCreations)
                {
                    start.RegisterSyntaxNodeAction(c => AnalyzeCreation(c, symbols, gatesOpen), Creations);
                }
            });
        }

        private void AnalyzeCall(SyntaxNodeAnalysisContext context, DgramSymbols symbols, bool gatesOpen)
        {
            var call = (InvocationExpressionSyntax)context.Node;

            // a callee with no name (a delegate from an expression) is let through: the gate cannot judge it
            if (!gatesOpen && CallSyntax.CalledName(call.Expression) is { } name && !MayReport(call, name))
            {
                return;
            }

            if (Unwrap(context.SemanticModel.GetOperation(call, context.CancellationToken)) is IInvocationOperation invocation)
            {
                AnalyzeInvocation(context, invocation, symbols);
            }
        }

        private void AnalyzeCreation(SyntaxNodeAnalysisContext context, DgramSymbols symbols, bool gatesOpen)
        {
            var syntax = (BaseObjectCreationExpressionSyntax)context.Node;
            if (!gatesOpen && !MayReport(syntax))
            {
                return;
            }

            if (Unwrap(context.SemanticModel.GetOperation(syntax, context.CancellationToken)) is IObjectCreationOperation creation
                && symbols.OptionsKind(creation.Type) is not null)
            {
                AnalyzeObjectCreation(context, creation, symbols);
            }
        }

        // the operation of a node may be an implicit conversion of the call's value
        private static IOperation? Unwrap(IOperation? operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        /// <summary>The value assigned to <paramref name="propertyName"/> in an object initializer, if any.</summary>
        internal static IOperation? InitializerValue(IObjectCreationOperation creation, string propertyName)
            => Initializers.ValueOf(creation, propertyName);

        /// <summary>The value written for <paramref name="propertyName"/> in an object initializer's syntax (<c>{ Port = 0 }</c>), if any.</summary>
        internal static ExpressionSyntax? InitializerValue(BaseObjectCreationExpressionSyntax creation, string propertyName)
            => Initializers.ValueOf(creation, propertyName);
    }
}
