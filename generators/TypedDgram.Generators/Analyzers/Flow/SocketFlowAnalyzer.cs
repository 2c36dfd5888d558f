using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using TypedDgram.Generators.Analyzers.Semantics;

namespace TypedDgram.Generators.Analyzers.Flow
{
    /// <summary>
    /// The shape shared by the flow rules: per code block, read (or reuse) the names of its calls from the syntax; if
    /// the rule could fire, get the member's root operation from the semantic model and take (or reuse) the census of
    /// socket calls from it; if it still could, build the member's control-flow graph, run (or reuse) the socket-state
    /// analysis and report this rule's findings. A code block action (not an operation block action) keeps the driver
    /// from building operations for every member; the syntax filter keeps the cost of members that cannot hold a
    /// finding to one syntax walk shared by the rules. Each rule's analyzer holds its three predicates together: the
    /// syntax gate (<see cref="MayFire"/>, over <see cref="SocketSyntaxCensus"/>'s facts), the operation gate
    /// (<see cref="CouldFire"/>, over <see cref="SocketCallCensus"/>'s), and the check the flow analysis calls with the
    /// socket's state at the call. A gate is a necessary condition of the check; the differential tests run every
    /// input with the gates open (<see cref="AnalyzerGates"/>) and require the same diagnostics.
    /// </summary>
    public abstract class SocketFlowAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>
        /// Whether a member whose calls have these names can hold a finding of this rule at all (the model is for the
        /// few symbols a rule may look up to rule a member out without its operations).
        /// </summary>
        internal abstract bool MayFire(SocketSyntaxCensus names, SemanticModel model, DgramSymbols symbols, System.Threading.CancellationToken cancellationToken);

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

                var open = AnalyzerGates.OpenTiers(start.Options);
                start.RegisterCodeBlockAction(block => AnalyzeBlock(block, symbols, open));
            });
        }

        private void AnalyzeBlock(CodeBlockAnalysisContext context, DgramSymbols symbols, GateTiers open)
        {
            if (ExecutableSyntax(context.CodeBlock, context.OwningSymbol) is not { } executable
                || (open & GateTiers.FlowSyntax) == 0 && !MayFire(SocketSyntaxCensus.For(executable), context.SemanticModel, symbols, context.CancellationToken))
            {
                return;
            }

            // the member's operations are built only here, for members the syntax census lets through
            var root = context.SemanticModel.GetOperation(executable, context.CancellationToken);
            if (root is null || root.Parent is not null)
            {
                return;
            }

            if ((open & GateTiers.FlowOperations) == 0 && !CouldFire(SocketCallCensus.For(ImmutableArray.Create(root), context.OwningSymbol, symbols)))
            {
                return;
            }

            foreach (var finding in SocketStateFlowCache.GetFindings(root, context.OwningSymbol, symbols, context.CancellationToken))
            {
                if (CreateDiagnostic(finding) is { } diagnostic)
                {
                    context.ReportDiagnostic(diagnostic);
                }
            }
        }

        /// <summary>
        /// The syntax whose operation is the root of a code block's executable code: the code block itself for
        /// methods, constructors, accessors, operators, top-level statements, primary constructors and expression
        /// bodies; the initializer of the one field or property the block declares (a field declaration is one block
        /// per declarator); null when there is nothing to run (a property or field without initializer).
        /// </summary>
        private static SyntaxNode? ExecutableSyntax(SyntaxNode codeBlock, ISymbol owner)
        {
            switch (codeBlock)
            {
                case BaseFieldDeclarationSyntax field:
                    foreach (var declarator in field.Declaration.Variables)
                    {
                        if (declarator.Identifier.ValueText == owner.Name)
                        {
                            return declarator.Initializer;
                        }
                    }

                    return null;
                case PropertyDeclarationSyntax property:
                    return property.Initializer;
                case TypeDeclarationSyntax type:
                    // a primary constructor runs its base call's arguments (initializers are blocks of their own)
                    return type.ParameterList is not null && HasPrimaryConstructorBaseCall(type) ? type : null;
                default:
                    return codeBlock;
            }
        }

        private static bool HasPrimaryConstructorBaseCall(TypeDeclarationSyntax type)
        {
            if (type.BaseList is { } bases)
            {
                foreach (var baseType in bases.Types)
                {
                    if (baseType is PrimaryConstructorBaseTypeSyntax)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Helper for the rules' SupportedDiagnostics.</summary>
        internal static ImmutableArray<DiagnosticDescriptor> Supports(DiagnosticDescriptor descriptor) => ImmutableArray.Create(descriptor);
    }
}
