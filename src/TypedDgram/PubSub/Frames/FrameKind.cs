namespace TypedDgram.PubSub;

/// <summary>
/// What a frame carries: element 2 of a version 3 frame (unkeyed) or of a version 2 frame (keyed), docs/wire-format.md
/// section 7. Each kind numbers its frames on its own per publisher id (a publication or a batch: by publication
/// number), and the kind is part of what a tag covers and of the AES-GCM nonce, so that a control frame is
/// authenticated as a whole, can never be taken for a publication, and never shares a nonce with one. A reader ignores
/// a well-formed frame of a kind it does not know: that is how a later version stays readable by this one.
/// </summary>
internal enum FrameKind
{
    /// <summary>A publication: the body is a contract datagram; the frame's sequence is its publication number.</summary>
    Publication = 0,

    /// <summary>Several publications in one datagram, numbered from the frame's sequence (issue 14).</summary>
    Batch = 1,

    /// <summary>A publisher's announcement of its newest publication number and its lease (issue 15).</summary>
    Heartbeat = 2,

    /// <summary>A subscriber's request for the publication numbers it missed (issue 15).</summary>
    Nak = 3,

    /// <summary>One piece of a publication larger than a datagram (issue 15).</summary>
    Fragment = 4,

    /// <summary>A late subscriber's request for a publisher's retained history (issue 15).</summary>
    HistoryRequest = 5,

    /// <summary>A subscriber's request for the bytes it lacks of one fragmented publication (issue 15).</summary>
    FragmentNak = 6,
}
