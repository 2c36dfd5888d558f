namespace TypedDgram.Contracts;

/// <summary>
/// Marks a <c>partial record</c> as a datagram contract: the generator makes it implement
/// <see cref="IDatagram{TSelf}"/> (its type id, MessagePack writer and reader).
/// </summary>
/// <remarks>
/// Without <see cref="Id"/> the type id is <see cref="DatagramTypeId.FromName(string)"/> of the type's full name,
/// which changes if the record is renamed or moved; give an explicit <see cref="Id"/> to a protocol that must stay stable.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class DatagramAttribute : Attribute
{
    /// <summary>
    /// The explicit type id, from <see cref="DatagramTypeId.MinExplicit"/> to <see cref="DatagramTypeId.MaxExplicit"/>.
    /// Explicit only when the named argument is written (<c>[Datagram(Id = 7)]</c>); otherwise the id is hashed from the name.
    /// </summary>
    public int Id { get; set; }

    /// <summary>
    /// When true, datagrams of this contract carry an HMAC-SHA256 under the key given to the socket
    /// with <c>UseAuthenticationKey</c>, and receivers drop (and count) those without a valid one or replayed.
    /// For commands: see docs/reliability.md for what this does and does not protect.
    /// </summary>
    public bool Authenticated { get; set; }
}
