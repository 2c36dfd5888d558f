using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TypedDgram.Generators.Emit;

namespace TypedDgram.Generators.Dispatch
{
    /// <summary>
    /// Implements <c>IDatagramHandlers</c> for every class with [DatagramHandler] methods: one switch over the type ids
    /// that reads the contract and calls its handler, with no reflection and no dictionary.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class DispatchGenerator : IIncrementalGenerator
    {
        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var handlers = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KnownNames.DatagramHandlerAttribute,
                    static (node, _) => node is MethodDeclarationSyntax,
                    static (syntax, cancellationToken) => HandlerParser.Parse(syntax, cancellationToken))
                .WithTrackingName(TrackingNames.Handlers);

            var classes = handlers
                .Collect()
                .SelectMany(static (methods, cancellationToken) => HandlerParser.GroupByClass(NonNull(methods), cancellationToken))
                .WithTrackingName(TrackingNames.HandlerClasses);

            context.RegisterSourceOutput(classes, static (output, dispatch) => output.AddSource(dispatch.HintName, DispatchEmitter.Emit(dispatch)));
        }

        private static System.Collections.Immutable.ImmutableArray<HandlerMethodInfo> NonNull(System.Collections.Immutable.ImmutableArray<HandlerMethodInfo?> methods)
        {
            var builder = System.Collections.Immutable.ImmutableArray.CreateBuilder<HandlerMethodInfo>(methods.Length);
            foreach (var method in methods)
            {
                if (method is not null)
                {
                    builder.Add(method);
                }
            }

            return builder.ToImmutable();
        }
    }
}
