using System.Globalization;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// A datagram on a bus's group and port that is not a publication this bus can read: another application's traffic,
/// a bad header, or a contract datagram that cannot be read (then <see cref="Exception.InnerException"/> is the
/// contract reader's error). Reported through <see cref="MulticastBus.Malformed"/> and counted; never thrown out of
/// the receive loop.
/// </summary>
public sealed class MalformedPublicationException : Exception
{
    /// <summary>Creates the report of a datagram from <paramref name="from"/> rejected at byte <paramref name="offset"/>.</summary>
    public MalformedPublicationException(string reason, long offset, RemoteInfo from, uint? typeId = null, Exception? innerException = null)
        : base(reason, innerException)
    {
        Reason = reason;
        Offset = offset;
        From = from;
        TypeId = typeId;
    }

    /// <summary>Why the datagram was rejected.</summary>
    public string Reason { get; }

    /// <summary>The offset in the datagram, in bytes, of the value that could not be read.</summary>
    public long Offset { get; }

    /// <summary>Who sent it.</summary>
    public RemoteInfo From { get; }

    /// <summary>The contract's type id, when the header and type id could be read.</summary>
    public uint? TypeId { get; }

    /// <inheritdoc/>
    public override string Message => string.Create(
        CultureInfo.InvariantCulture,
        $"Malformed publication from {From.Address}:{From.Port} ({From.Size} bytes): {Reason} at byte {Offset}.");
}
