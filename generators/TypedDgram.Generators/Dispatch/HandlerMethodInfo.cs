using TypedDgram.Generators.Models;

namespace TypedDgram.Generators.Dispatch
{
    /// <summary>One handler method with the class it belongs to; the pipeline groups these per class.</summary>
    /// <param name="ClassKey">The class's CLR full name, unique per class.</param>
    /// <param name="Namespace">The class's namespace, or empty.</param>
    /// <param name="ContainingTypes">Types around the class.</param>
    /// <param name="Keyword">class or record.</param>
    /// <param name="ClassName">The class name with its type parameters.</param>
    /// <param name="IsSealed">Whether the class is sealed (no class derives from it, so its dispatch needs no hook).</param>
    /// <param name="OverridesBase">Whether a base class dispatches through the hook, which this class then overrides.</param>
    /// <param name="Handler">The method.</param>
    internal sealed record HandlerMethodInfo(
        string ClassKey,
        string Namespace,
        EquatableArray<ContainingTypeInfo> ContainingTypes,
        string Keyword,
        string ClassName,
        bool IsSealed,
        bool OverridesBase,
        HandlerInfo Handler);
}
