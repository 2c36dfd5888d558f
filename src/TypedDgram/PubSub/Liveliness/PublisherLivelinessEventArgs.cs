namespace TypedDgram.PubSub;

/// <summary>
/// What <see cref="MulticastBus.PublisherJoined"/> and <see cref="MulticastBus.PublisherLost"/> say: which publisher,
/// why, and its counts at that moment.
/// </summary>
/// <param name="PublisherId">The publisher's random id from its frames' header (a restarted process has a new one).</param>
/// <param name="Reason">Why it joined or was lost.</param>
/// <param name="Stats">Its counts as this bus saw them at the change (<see cref="PublisherStats.Alive"/> already says the new state).</param>
public sealed record PublisherLivelinessEventArgs(ulong PublisherId, PublisherLivelinessReason Reason, PublisherStats Stats)
{
    /// <summary>Whether this is a join (the publisher is alive now) rather than a loss.</summary>
    public bool Joined => Reason is PublisherLivelinessReason.FirstPublication or PublisherLivelinessReason.FirstHeartbeat or PublisherLivelinessReason.HeardAgain;
}
