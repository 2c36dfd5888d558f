namespace TypedDgram.Contracts;

/// <summary>
/// A datagram contract: a <see cref="IDatagramPart{TSelf}"/> with a type id, sent as one MessagePack array
/// <c>[TypeId, member0, member1, ...]</c> (see docs/wire-format.md). Implemented by generated code.
/// </summary>
/// <typeparam name="TSelf">The implementing record.</typeparam>
public interface IDatagram<TSelf> : IDatagramPart<TSelf> where TSelf : IDatagram<TSelf>
{
    /// <summary>The type id written as element 0 of every datagram of this contract.</summary>
    static abstract uint TypeId { get; }

    /// <summary>True for <c>[Datagram(Authenticated = true)]</c>: only a datagram whose HMAC verified is read as this contract.</summary>
    static virtual bool Authenticated => false;

    /// <summary>
    /// The names of the contract's members in element order (element 1 first), so that a malformed datagram's report
    /// names the member that failed; generated. Empty for code generated before it existed.
    /// </summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    static virtual System.Collections.Generic.IReadOnlyList<string> MemberNames => [];
}
