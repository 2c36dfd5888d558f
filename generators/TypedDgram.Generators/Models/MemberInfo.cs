namespace TypedDgram.Generators.Models
{
    /// <summary>One contract member, in declaration order: its wire position is its index plus one (after the type id).</summary>
    /// <param name="Name">The property name.</param>
    /// <param name="LocalName">The local variable the generated reader uses for it.</param>
    /// <param name="Type">Its wire type.</param>
    /// <param name="DefaultValue">The C# expression it takes when missing from the end of a datagram; null when it is required.</param>
    internal sealed record MemberInfo(string Name, string LocalName, WireTypeInfo Type, string? DefaultValue);
}
