using System.Globalization;

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

    /// <inheritdoc />
    // Built on demand: a flood of malformed datagrams should cost one small object each, not a formatted string.
    public override string Message
        => TypeId is { } id
            ? string.Create(CultureInfo.InvariantCulture, $"Malformed datagram (type id {DatagramTypeId.Format(id)}): {Reason} at byte {Offset}.")
            : string.Create(CultureInfo.InvariantCulture, $"Malformed datagram: {Reason} at byte {Offset}.");
}
