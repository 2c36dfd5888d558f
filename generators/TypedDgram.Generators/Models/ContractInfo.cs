namespace TypedDgram.Generators.Models
{
    /// <summary>Everything the contract emitter needs about one [Datagram] or [DatagramPart] record.</summary>
    /// <param name="Namespace">The namespace, or empty for the global namespace.</param>
    /// <param name="ContainingTypes">Enclosing types, outermost first.</param>
    /// <param name="Keyword">record or record struct.</param>
    /// <param name="Name">The simple name.</param>
    /// <param name="FullyQualifiedName">The <c>global::</c> name.</param>
    /// <param name="MetadataName">The CLR full name (<c>Ns.Outer+Name</c>) the hashed id is computed from.</param>
    /// <param name="IsPart">True for [DatagramPart]: no type id.</param>
    /// <param name="TypeId">The type id (contracts only).</param>
    /// <param name="IsExplicitId">Whether the id comes from [Datagram(Id = n)].</param>
    /// <param name="IsAuthenticated">Whether [Datagram(Authenticated = true)] requires an HMAC.</param>
    /// <param name="IsPositional">Members are primary constructor parameters (else init/settable properties).</param>
    /// <param name="Members">The members in declaration order.</param>
    /// <param name="ResponseName">For a request (<c>IRequest&lt;TResponse&gt;</c>), the response contract's <c>global::</c> name; else empty.</param>
    internal sealed record ContractInfo(
        string Namespace,
        EquatableArray<ContainingTypeInfo> ContainingTypes,
        string Keyword,
        string Name,
        string FullyQualifiedName,
        string MetadataName,
        bool IsPart,
        uint TypeId,
        bool IsExplicitId,
        bool IsAuthenticated,
        bool IsPositional,
        EquatableArray<MemberInfo> Members,
        string ResponseName)
    {
        /// <summary>The generated file's name, unique per type.</summary>
        public string HintName => MetadataName.Replace('+', '.').Replace('`', '_') + ".Datagram.g.cs";
    }
}
