namespace TypedDgram.Generators.Models
{
    /// <summary>A class with [DatagramHandler] methods: the dispatch emitter writes one switch over their type ids.</summary>
    /// <param name="Namespace">The namespace, or empty for the global namespace.</param>
    /// <param name="ContainingTypes">Enclosing types, outermost first.</param>
    /// <param name="Keyword">class or record.</param>
    /// <param name="Name">The name with its type parameter list.</param>
    /// <param name="HintName">The generated file's name.</param>
    /// <param name="Handlers">The handler methods, in declaration order.</param>
    internal sealed record DispatchInfo(
        string Namespace,
        EquatableArray<ContainingTypeInfo> ContainingTypes,
        string Keyword,
        string Name,
        string HintName,
        EquatableArray<HandlerInfo> Handlers);
}
