namespace TypedDgram.PubSub;

/// <summary>What a bus decided about one heartbeat (docs/wire-format.md, section 7, "Heartbeats").</summary>
internal enum HeartbeatVerdict
{
    /// <summary>Believed: the publisher's lease is renewed, and the numbers it announced beyond those known are counted lost.</summary>
    Believed,

    /// <summary>On a keyed bus: not newer than the last heartbeat believed from that publisher. Refused (counted rejected); renews nothing.</summary>
    Replayed,

    /// <summary>Without a key: announces a number more than the reorder window ahead. Ignored, as one publication that far would be; renews nothing.</summary>
    Distrusted,
}
