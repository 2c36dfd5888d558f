using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>
/// A datagram sent in a <see cref="DatagramTestHost"/>, by the handlers attached to it (a request handler's response, or
/// a cached response sent again) or through one of its sockets (<see cref="DatagramTestHost.CreateSocket(string)"/>):
/// its bytes as they would go on the wire, and where to.
/// </summary>
/// <param name="Bytes">The datagram, correlation element included for a response.</param>
/// <param name="Port">The destination port (the requester's), or null for a connected peer.</param>
/// <param name="Address">The destination address (the requester's).</param>
public sealed record SentDatagram(ReadOnlyMemory<byte> Bytes, int? Port, string? Address)
{
    /// <summary>The address and port of the host's socket that sent it; null for a datagram the host's own attachments sent.</summary>
    public AddressInfo? From { get; init; }

    /// <summary>The correlation id of the request this datagram answers, or null when it is not a response.</summary>
    public ulong? ResponseTo =>
        Correlated(out var correlation, out _) && correlation.Kind == CorrelationKind.Response ? correlation.Id : null;

    /// <summary>Whether the datagram is a <typeparamref name="T"/> (its type id is <typeparamref name="T"/>'s).</summary>
    public bool Is<T>()
        where T : IDatagram<T>
    {
        var reader = new MessagePack.MessagePackReader(Bytes);
        var context = new DatagramReadContext(DatagramReaderLimits.Default, Bytes);
        return DatagramEnvelope.TryReadHeader(ref reader, ref context, out var typeId, out _) && typeId == T.TypeId;
    }

    /// <summary>Reads the datagram as a <typeparamref name="T"/>; throws <see cref="MalformedDatagramException"/> when it is not one.</summary>
    public T As<T>()
        where T : IDatagram<T>
    {
        Correlated(out _, out var contract);
        return DatagramEnvelope.Deserialize<T>(contract);
    }

    private bool Correlated(out Correlation correlation, out ReadOnlyMemory<byte> contract)
    {
        contract = Bytes;
        return DatagramCorrelation.TryStrip(ref contract, DatagramReaderLimits.Default, out correlation);
    }
}
