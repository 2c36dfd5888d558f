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

    /// <inheritdoc />
    // Built on demand: a flood of malformed datagrams should cost one small object each, not a formatted string.
    public override string Message
        => string.Create(CultureInfo.InvariantCulture, $"Malformed datagram{TypeIdText}{SenderText}: {Reason} at byte {Offset}.");

    private string TypeIdText => TypeId is { } id ? " (type id " + DatagramTypeId.Format(id) + ")" : string.Empty;

    private string SenderText => Sender is { } from ? string.Create(CultureInfo.InvariantCulture, $" from {from.Address}:{from.Port}") : string.Empty;
}
