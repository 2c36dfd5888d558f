namespace TypedDgram.PubSub;

/// <summary>
/// A frame the bus has received and, with a key, verified (and decrypted): its header and its body. The body lives in
/// the receive thread's scratch buffer and is valid only during the call that hands it over: copy what you keep.
/// </summary>
/// <param name="Header">Kind, sender, number and where the body started in the datagram (for error offsets).</param>
/// <param name="Body">The body: one MessagePack value (for a publication, the contract datagram).</param>
internal readonly record struct ReceivedFrame(FrameHeader Header, ReadOnlyMemory<byte> Body)
{
    /// <summary>The frame's kind.</summary>
    public FrameKind Kind => Header.Kind;

    /// <summary>The sender's publisher id.</summary>
    public ulong PublisherId => Header.PublisherId;

    /// <summary>The frame's number (for a publication, its publication number).</summary>
    public ulong Sequence => Header.Sequence;
}
