namespace TypedDgram.Generators.Models
{
    /// <summary>
    /// A supported member type, reduced to what the emitter needs: its kind, its C# name, and its parts
    /// (element, key and value types; an enum's underlying kind).
    /// </summary>
    /// <param name="Kind">How it is written.</param>
    /// <param name="TypeName">The fully qualified C# type, with <c>?</c> when it is a nullable reference.</param>
    /// <param name="IsNullable">Whether nil is a valid value (nullable reference, <c>Nullable&lt;T&gt;</c>, <c>ImmutableArray&lt;T&gt;</c>).</param>
    /// <param name="MinWireSize">The fewest bytes a value of this type takes, used to bound collection headers before allocating.</param>
    /// <param name="Element">The element of an array or list, the value of a dictionary, the underlying type of a <c>Nullable&lt;T&gt;</c>.</param>
    /// <param name="Key">The key of a dictionary.</param>
    /// <param name="EnumUnderlying">The underlying integer kind of an enum.</param>
    internal sealed record WireTypeInfo(
        WireKind Kind,
        string TypeName,
        bool IsNullable,
        int MinWireSize,
        WireTypeInfo? Element = null,
        WireTypeInfo? Key = null,
        WireKind EnumUnderlying = WireKind.Int32);
}
