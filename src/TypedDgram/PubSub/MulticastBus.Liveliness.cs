using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

public sealed partial class MulticastBus
{
    /// <summary>
    /// Raised on the receive loop, after the heartbeat was believed and counted, with the publisher id and the highest
    /// publication number it announced: the hook for repairing a tail loss (reliable mode asks for the numbers above
    /// those it has, up to this). Not raised for a replayed heartbeat (keyed) or one announcing a number beyond the
    /// reorder window (unkeyed). Handlers must not throw.
    /// </summary>
    internal event Action<ulong, ulong>? HighestAnnounced;

    /// <summary>
    /// A heartbeat frame (verified on a keyed bus): renews its publisher's lease and counts the tail it reveals lost
    /// (docs/wire-format.md, section 7, "Heartbeats"). Never throws: the receive loop must go on.
    /// </summary>
    private void OnHeartbeat(in ReceivedFrame frame, RemoteInfo from)
    {
        if (!HeartbeatBody.TryRead(frame.Body.Span, out var highest, out var leaseMilliseconds, out var error))
        {
            ReportMalformed(new MalformedPublicationException(error.Reason, frame.Header.BodyOffset + error.Offset, from));
            return;
        }

        var publisherId = frame.PublisherId;
        var verdict = _tracker.ObserveHeartbeat(publisherId, frame.Sequence, highest, leaseMilliseconds, out var tailLost);
        PubSubTelemetry.HeartbeatReceived(verdict, tailLost);
        switch (verdict)
        {
            case HeartbeatVerdict.Replayed:
                CountRejected(PubSubTelemetry.Replayed);
                return;
            case HeartbeatVerdict.Distrusted:
                return;
        }

        _leaseWatch.Arm(Environment.TickCount64 + leaseMilliseconds);
        if (_livelinessEvents.HasPending)
        {
            RaisePendingLiveliness();
        }

        // Reliable mode NAKs the tail the heartbeat revealed (the numbers above those it has, up to this).
        OnPublisherAnnounced(publisherId, highest);
        HighestAnnounced?.Invoke(publisherId, highest);
    }

    // The lease timer's work: end what ran out, raise the losses, say when to wake next.
    private long ExpireLeases(long now)
    {
        var next = _tracker.ExpireLeases(now);
        if (_livelinessEvents.HasPending)
        {
            RaisePendingLiveliness();
        }

        return next;
    }

    private void RaisePendingLiveliness()
    {
        // A join starts a lease: the watch wakes soon to learn when it runs out (joins are rare; the wake-up is cheap).
        // Armed here rather than per event raised, so that a join whose event was dropped still has its lease watched.
        _leaseWatch.Arm(Environment.TickCount64);
        _livelinessEvents.Raise(_raiseLiveliness);
    }

    private void RaiseLiveliness(PublisherLivelinessEventArgs change)
    {
        if (!change.Joined)
        {
            // Reliable mode: what was held back from a publisher that is gone is delivered and its gaps given up now,
            // not at their deadline.
            OnPublisherGone(change.PublisherId);
        }

        UserCallbacks.Invoke(change.Joined ? PublisherJoined : PublisherLost, change, _reportHandlerError);
    }

    // The heartbeat timer's send: a control frame of this bus's own, numbered per kind by SendFrame. A send error goes
    // to Error there: a publisher whose heartbeats do not leave will be reported lost by the others.
    private bool SendHeartbeat(ReadOnlySpan<byte> body)
    {
        if (SendFrame(FrameKind.Heartbeat, body) is null)
        {
            return false;
        }

        PubSubTelemetry.HeartbeatSent();
        return true;
    }
}
