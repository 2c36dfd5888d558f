namespace TypedDgram.PubSub;

/// <summary>Why a datagram is not a publication this version reads, and the byte offset where reading stopped.</summary>
/// <param name="Reason">A sentence for logs and the malformed report.</param>
/// <param name="Offset">The offset of the element that could not be read.</param>
internal readonly record struct HeaderError(string Reason, int Offset);
