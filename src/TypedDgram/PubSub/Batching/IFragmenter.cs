using TypedDgram.Contracts;

namespace TypedDgram.PubSub;

/// <summary>
/// Cuts a publication larger than a datagram into fragment frames (the bus, PubSub fragments), for the
/// <see cref="PublishQueue"/> to hand to the sender in the order of its numbers. Called under the publish lock.
/// </summary>
internal interface IFragmenter
{
    /// <summary>
    /// The fragment frames of publication <paramref name="publication"/>, in offset order, each with the bytes of the
    /// contract datagram it carries (<c>Piece</c>, what reliable mode's history answers fragment NAKs by); takes
    /// ownership of <paramref name="serialized"/>.
    /// </summary>
    List<(byte[] Buffer, int Length, FragmentSpan Piece)> Fragment<T>(T message, byte[] serialized, int length, int overhead, ulong publication)
        where T : IDatagram<T>;
}
