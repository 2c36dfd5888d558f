namespace TypedDgram.PubSub;

/// <summary>What a publication header says: who published it, its number, and where its contract datagram starts.</summary>
/// <param name="PublisherId">The publisher's random id (the header's 8 id bytes, big-endian).</param>
/// <param name="Sequence">The publication's number; a publisher numbers its publications 0, 1, 2, ...</param>
/// <param name="PayloadOffset">The offset of the contract datagram in the publication.</param>
internal readonly record struct Publication(ulong PublisherId, ulong Sequence, int PayloadOffset);
