namespace TypedDgram.Generators.Models
{
    /// <summary>A class with [DatagramHandler] methods: the dispatch emitter writes one switch over their type ids.</summary>
    /// <param name="Namespace">The namespace, or empty for the global namespace.</param>
    /// <param name="ContainingTypes">Enclosing types, outermost first.</param>
    /// <param name="Keyword">class or record.</param>
    /// <param name="Name">The name with its type parameter list.</param>
    /// <param name="HintName">The generated file's name.</param>
    /// <param name="IsSealed">Whether the class is sealed: its dispatch is the interface method alone.</param>
    /// <param name="OverridesBase">Whether a base class dispatches through the hook: this class overrides it and falls back to the base's.</param>
    /// <param name="Handlers">The handler methods, in declaration order.</param>
    internal sealed record DispatchInfo(
        string Namespace,
        EquatableArray<ContainingTypeInfo> ContainingTypes,
        string Keyword,
        string Name,
        string HintName,
        bool IsSealed,
        bool OverridesBase,
        EquatableArray<HandlerInfo> Handlers);
}
