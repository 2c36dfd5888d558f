namespace TypedDgram.PubSub;

/// <summary>What checking a datagram on a keyed bus decided, before the sequence check.</summary>
internal enum FrameVerdict
{
    /// <summary>Verified under an accepted key, and decrypted if it was encrypted: read it (a kind the bus does not know is ignored there).</summary>
    Opened,

    /// <summary>Not a TypedDgram frame at all (another application's traffic, a bad layout): counted malformed, reported.</summary>
    Malformed,

    /// <summary>
    /// A publication this bus must not believe: without a tag (version 1), changed beyond reading, under a key id it does
    /// not accept, or whose tag does not verify (forged or tampered). Counted rejected, not reported: anyone can send them.
    /// </summary>
    Rejected,

}
