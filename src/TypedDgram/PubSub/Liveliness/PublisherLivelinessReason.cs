namespace TypedDgram.PubSub;

/// <summary>Why a bus raised <see cref="MulticastBus.PublisherJoined"/> or <see cref="MulticastBus.PublisherLost"/>.</summary>
public enum PublisherLivelinessReason
{
    /// <summary>Joined: the first publication heard from this publisher id.</summary>
    FirstPublication,

    /// <summary>Joined: the first thing heard from this publisher id was a heartbeat (it published before this bus listened, and is idle).</summary>
    FirstHeartbeat,

    /// <summary>Joined: heard again (a publication or a heartbeat) after its lease had expired; its counts went on where they were.</summary>
    HeardAgain,

    /// <summary>Lost: nothing heard from it for its whole lease (the lease its last heartbeat announced, or this bus's <see cref="MulticastOptions.LeaseDuration"/>).</summary>
    LeaseExpired,

    /// <summary>
    /// Lost: the bus forgot it to make room for a new publisher id (<see cref="MulticastOptions.MaxPublishers"/>); it was
    /// alive, but this bus no longer follows it. Heard again, it joins afresh.
    /// </summary>
    Forgotten,
}
