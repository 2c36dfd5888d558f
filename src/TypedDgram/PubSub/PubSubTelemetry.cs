using TypedDgram.Diagnostics;

namespace TypedDgram.PubSub;

/// <summary>What pub/sub reports to the meter (docs/telemetry.md): drops and rejections, heartbeats, publishers joined and lost.</summary>
internal static class PubSubTelemetry
{
    private const string DropReasonTag = "typeddgram.drop.reason";
    private const string SubscribeQueueFull = "subscribe_queue_full";
    private const string UnknownFrameKind = "unknown_frame_kind";
    private const string HeartbeatOutcomeTag = "typeddgram.heartbeat.outcome";
    private const string LivelinessReasonTag = "typeddgram.liveliness.reason";

    /// <summary>The drop reason of a frame a keyed bus could not verify (no tag, unknown key id, wrong tag).</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>The drop reason of a verified publication whose number its publisher already used.</summary>
    public const string Replayed = "replayed";

    /// <summary>
    /// A <c>MulticastBus.SubscribeAsync</c> stream's queue was full, so a publication was dropped for it.
    /// <paramref name="typeId"/> is the contract's type id boxed once as a <see cref="long"/> by the caller, so that a
    /// consumer falling behind allocates nothing per drop.
    /// </summary>
    public static void StreamDropped(object typeId)
    {
        if (Telemetry.DatagramsDropped.Enabled)
        {
            Telemetry.DatagramsDropped.Add(
                1,
                new KeyValuePair<string, object?>(DropReasonTag, SubscribeQueueFull),
                new KeyValuePair<string, object?>(TypedDgramTelemetry.MessageTypeIdTag, typeId));
        }
    }

    /// <summary>A keyed bus rejected a frame (<see cref="Unauthenticated"/> or <see cref="Replayed"/>), counted in <c>BusStats.Rejected</c>.</summary>
    public static void Rejected(string reason)
    {
        if (Telemetry.DatagramsDropped.Enabled)
        {
            Telemetry.DatagramsDropped.Add(1, new KeyValuePair<string, object?>(DropReasonTag, reason));
        }
    }

    /// <summary>A bus read (and with a key, verified) a frame of a kind this version does not know (a later version's control frame) and ignored it.</summary>
    public static void FrameIgnored()
    {
        if (Telemetry.DatagramsDropped.Enabled)
        {
            Telemetry.DatagramsDropped.Add(1, new KeyValuePair<string, object?>(DropReasonTag, UnknownFrameKind));
        }
    }

    /// <summary>This bus sent a heartbeat.</summary>
    public static void HeartbeatSent()
    {
        if (Telemetry.HeartbeatsSent.Enabled)
        {
            Telemetry.HeartbeatsSent.Add(1);
        }
    }

    /// <summary>A heartbeat was read, with what the bus decided and how many numbers it revealed lost.</summary>
    public static void HeartbeatReceived(HeartbeatVerdict verdict, ulong tailLost)
    {
        if (Telemetry.HeartbeatsReceived.Enabled)
        {
            var outcome = verdict switch
            {
                HeartbeatVerdict.Believed => "believed",
                HeartbeatVerdict.Replayed => "replayed",
                _ => "beyond_window",
            };
            Telemetry.HeartbeatsReceived.Add(1, new KeyValuePair<string, object?>(HeartbeatOutcomeTag, outcome));
        }

        if (tailLost > 0 && Telemetry.TailLost.Enabled)
        {
            Telemetry.TailLost.Add((long)Math.Min(tailLost, long.MaxValue));
        }
    }

    /// <summary>A publisher joined or was lost, for <paramref name="reason"/>.</summary>
    public static void LivelinessChanged(PublisherLivelinessReason reason)
    {
        var instrument = reason is PublisherLivelinessReason.LeaseExpired or PublisherLivelinessReason.Forgotten
            ? Telemetry.PublishersLost
            : Telemetry.PublishersJoined;
        if (instrument.Enabled)
        {
            var tag = reason switch
            {
                PublisherLivelinessReason.FirstPublication => "first_publication",
                PublisherLivelinessReason.FirstHeartbeat => "first_heartbeat",
                PublisherLivelinessReason.HeardAgain => "heard_again",
                PublisherLivelinessReason.LeaseExpired => "lease_expired",
                _ => "forgotten",
            };
            instrument.Add(1, new KeyValuePair<string, object?>(LivelinessReasonTag, tag));
        }
    }

    private const string RepairEventTag = "typeddgram.repair.event";

    /// <summary>Reliable mode: <paramref name="count"/> repair events of <paramref name="kind"/> (<c>nak_sent</c>, <c>nak_received</c>, <c>retransmitted</c>, <c>recovered</c>, <c>unrecoverable</c>).</summary>
    public static void Repair(string kind, long count = 1)
    {
        if (count > 0 && Telemetry.PubSubRepairs.Enabled)
        {
            Telemetry.PubSubRepairs.Add(count, new KeyValuePair<string, object?>(RepairEventTag, kind));
        }
    }
}
