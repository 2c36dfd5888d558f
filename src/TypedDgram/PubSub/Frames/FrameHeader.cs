namespace TypedDgram.PubSub;

/// <summary>
/// What a frame's header says, whatever its version: its kind (a version 1 publication is kind
/// <see cref="FrameKind.Publication"/>), who sent it, its number, and where its body starts in the datagram.
/// </summary>
/// <param name="Kind">The frame's kind.</param>
/// <param name="PublisherId">The sender's random id (the header's 8 id bytes, big-endian).</param>
/// <param name="Sequence">The frame's number, unique per publisher id and kind (for a publication, its publication number).</param>
/// <param name="BodyOffset">The offset of the body (for a publication, the contract datagram) in the datagram.</param>
internal readonly record struct FrameHeader(FrameKind Kind, ulong PublisherId, ulong Sequence, int BodyOffset);
