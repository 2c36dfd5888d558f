using TypedDgram.Diagnostics;

namespace TypedDgram.PubSub;

/// <summary>What pub/sub reports to the meter (docs/telemetry.md): one call per publication a full stream dropped.</summary>
internal static class PubSubTelemetry
{
    private const string DropReasonTag = "typeddgram.drop.reason";
    private const string SubscribeQueueFull = "subscribe_queue_full";

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
}
