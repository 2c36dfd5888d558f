using TypedDgram.Contracts;

namespace TypedDgram.PubSub;

/// <summary>An authenticated frame's header as the prefix of its pooled datagram (see <see cref="SecureFrame.WriteHeader"/>).</summary>
internal readonly struct SecureFramePrefix(FrameKind kind, FrameSuite suite, int keyId, ulong publisherId, ulong sequence) : IPooledPrefix
{
    public int MaxLength => SecureFrame.MaxHeaderLength;

    public int Write(Span<byte> destination) => SecureFrame.WriteHeader(destination, kind, suite, keyId, publisherId, sequence);
}
