namespace TypedDgram.PubSub;

/// <summary>
/// What an authenticated frame carries (element 2 of the version 2 frame). Each kind numbers its frames on its own from
/// 0 per publisher id, and the kind is part of what the tag covers and of the AES-GCM nonce, so that a control frame
/// (a NAK, a heartbeat, a fragment, as a reliability layer adds them) is authenticated as a whole, can never be taken
/// for a publication, and never shares a nonce with one.
/// </summary>
internal enum FrameKind
{
    /// <summary>A publication: the body is a contract datagram.</summary>
    Publication = 0,

    /// <summary>A batch: the body is an array of contract datagrams, publications sequence, sequence + 1, ...</summary>
    Batch = 1,
}
