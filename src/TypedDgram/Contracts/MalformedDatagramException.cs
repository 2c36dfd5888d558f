using System.Globalization;
using TypedDgram.Sockets;

namespace TypedDgram.Contracts;

/// <summary>
/// A datagram that cannot be read as the contract its type id names: the reason and the byte offset where reading stopped.
/// The receive path reports it and keeps receiving; it is never thrown out of the receive loop.
/// </summary>
public sealed class MalformedDatagramException : Exception
{
    /// <summary>Creates the error for a datagram rejected at <paramref name="offset"/> for <paramref name="reason"/>.</summary>
    public MalformedDatagramException(MalformedDatagramReason reason, long offset, uint? typeId = null)
    {
        Reason = reason;
        Offset = offset;
        TypeId = typeId;
    }

    /// <summary>Why the datagram was rejected.</summary>
    public MalformedDatagramReason Reason { get; }

    /// <summary>The offset in the datagram, in bytes, of the value that could not be read.</summary>
    public long Offset { get; }

    /// <summary>The type id of the datagram, when it could be read.</summary>
    public uint? TypeId { get; }

    /// <summary>Who sent the datagram, when it was received from a socket.</summary>
    public RemoteInfo? Sender { get; init; }

    /// <summary>
    /// The full name of the contract the datagram was read as, where the reader knew it (a handler class, a typed
    /// receive, a bus subscription, <see cref="DatagramEnvelope.Deserialize{T}"/>); null where only the type id is known
    /// (a datagram no contract was tried on: not an envelope, or a type id nobody handles).
    /// </summary>
    public string? Contract { get; init; }

    /// <summary>
    /// The zero-based index of the member (counted after the type id) whose value could not be read, or the first
    /// missing one for <see cref="MalformedDatagramReason.MissingMember"/>; null when the failure is not in a member.
    /// </summary>
    public int? Member { get; init; }

    /// <summary>
    /// The name of the member <see cref="Member"/> counts to, where the contract is known (it is for every typed read:
    /// a handler class, a typed receive, a bus subscription, <see cref="DatagramEnvelope.Deserialize{T}"/>); null otherwise.
    /// </summary>
    public string? MemberName { get; init; }

    /// <inheritdoc />
    // Built on demand: a flood of malformed datagrams should cost one small object each, not a formatted string.
    public override string Message
        => string.Create(CultureInfo.InvariantCulture, $"Malformed datagram{TypeIdText}{SenderText}: {Reason} at byte {Offset}{MemberText}.");

    private string TypeIdText => (TypeId, Contract) switch
    {
        ({ } id, { } contract) => " (" + contract + ", type id " + DatagramTypeId.Format(id) + ")",
        ({ } id, null) => " (type id " + DatagramTypeId.Format(id) + ")",
        (null, { } contract) => " (read as " + contract + ")",
        _ => string.Empty,
    };

    private string MemberText => (Member, MemberName) switch
    {
        ({ } member, { } name) => string.Create(CultureInfo.InvariantCulture, $", in member {name} (index {member}, 0-based, after the type id)"),
        ({ } member, null) => string.Create(CultureInfo.InvariantCulture, $", in member {member} (0-based, after the type id)"),
        _ => string.Empty,
    };

    private string SenderText => Sender is { } from ? string.Create(CultureInfo.InvariantCulture, $" from {from.Address}:{from.Port}") : string.Empty;
}
