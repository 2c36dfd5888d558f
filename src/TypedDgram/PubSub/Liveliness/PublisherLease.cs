namespace TypedDgram.PubSub;

/// <summary>
/// The liveliness of one publisher as one subscriber sees it: when it was last heard, the lease it announced, whether
/// that lease is running, and (on a keyed bus) the newest heartbeat frame believed. Not thread-safe;
/// <see cref="SequenceTracker"/> locks. Times are <see cref="Environment.TickCount64"/> milliseconds: cheap enough to
/// read on every publication, and a lease is far longer than its resolution.
/// </summary>
internal sealed class PublisherLease(long durationMilliseconds)
{
    // On a keyed bus: heartbeats are numbered by their publisher and never reordered by a period apart, so one not newer
    // than the last believed is a replay (or too old to say anything) and is refused whole.
    private ulong? _newestHeartbeatFrame;

    /// <summary>How long it may stay silent: its last heartbeat's lease, or the subscriber's own until one is heard.</summary>
    public long DurationMilliseconds { get; private set; } = durationMilliseconds;

    /// <summary>When a publication or heartbeat of it was last believed.</summary>
    public long LastHeard { get; private set; }

    /// <summary>Whether its lease is running.</summary>
    public bool Alive { get; private set; }

    /// <summary>Heartbeats believed.</summary>
    public long Heartbeats { get; private set; }

    /// <summary>When its lease runs out unless it is heard again.</summary>
    public long ExpiresAt => LastHeard + DurationMilliseconds;

    /// <summary>Heard at <paramref name="now"/>; true when that makes it alive (first heard, or heard after its lease expired).</summary>
    public bool Renew(long now)
    {
        LastHeard = now;
        if (Alive)
        {
            return false;
        }

        Alive = true;
        return true;
    }

    /// <summary>On a keyed bus, whether heartbeat frame <paramref name="frameSequence"/> is not newer than the last believed one.</summary>
    public bool IsReplay(ulong frameSequence) => _newestHeartbeatFrame is { } newest && frameSequence <= newest;

    /// <summary>A heartbeat believed: its frame number (for <see cref="IsReplay"/>) and the lease it announced.</summary>
    public void Heartbeat(ulong frameSequence, long durationMilliseconds)
    {
        _newestHeartbeatFrame = frameSequence;
        DurationMilliseconds = durationMilliseconds;
        Heartbeats = Saturating.Increment(Heartbeats);
    }

    /// <summary>Ends the lease if it ran out by <paramref name="now"/>; true when it did just now.</summary>
    public bool Expire(long now)
    {
        if (!Alive || now - LastHeard <= DurationMilliseconds)
        {
            return false;
        }

        Alive = false;
        return true;
    }
}
