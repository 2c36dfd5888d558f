using TypedDgram.Contracts;

namespace TypedDgram.PubSub;

/// <summary>A publication's header as the prefix of its pooled datagram (see <see cref="PublicationHeader"/>).</summary>
internal readonly struct PublicationPrefix(ulong publisherId, ulong sequence) : IPooledPrefix
{
    public int MaxLength => PublicationHeader.MaxLength;

    public int Write(Span<byte> destination) => PublicationHeader.Write(destination, publisherId, sequence);
}
