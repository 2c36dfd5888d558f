namespace TypedDgram.Generators.Models
{
    /// <summary>A type that encloses a generated partial declaration, e.g. <c>partial class Outer&lt;T&gt;</c>.</summary>
    /// <param name="Keyword">The declaration keyword: class, struct, record, record struct or interface.</param>
    /// <param name="Name">The name with its type parameter list.</param>
    internal sealed record ContainingTypeInfo(string Keyword, string Name);
}
