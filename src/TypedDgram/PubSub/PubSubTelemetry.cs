using TypedDgram.Diagnostics;

namespace TypedDgram.PubSub;

/// <summary>What pub/sub reports to the meter (docs/telemetry.md): one call per publication a full stream dropped.</summary>
internal static class PubSubTelemetry
{
    private const string DropReasonTag = "typeddgram.drop.reason";
    private const string SubscribeQueueFull = "subscribe_queue_full";
    private const string UnknownFrameKind = "unknown_frame_kind";

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
}
