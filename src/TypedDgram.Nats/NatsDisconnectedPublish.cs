namespace TypedDgram.Nats;

/// <summary>What a publish does while the bus's NATS connection is down. Either way it is counted in <see cref="NatsConnectionStats"/>.</summary>
public enum NatsDisconnectedPublish
{
    /// <summary>
    /// The NATS client keeps the publication and sends it once reconnected (its own behaviour): the publish completes then.
    /// Counted in <see cref="NatsConnectionStats.PublishedWhileDisconnected"/>.
    /// </summary>
    Buffer,

    /// <summary>
    /// The publish fails at once with <c>ENOTCONN</c> and uses up no sequence number. Counted in
    /// <see cref="NatsConnectionStats.PublishedWhileDisconnected"/> and <see cref="NatsConnectionStats.PublishFailed"/>.
    /// </summary>
    Fail,
}
