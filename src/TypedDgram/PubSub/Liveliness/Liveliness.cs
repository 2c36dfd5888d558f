using System.Globalization;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>The liveliness options' defaults and bounds, and their check (the multicast and NATS buses share it).</summary>
internal static class Liveliness
{
    public static readonly TimeSpan DefaultHeartbeatPeriod = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan MinHeartbeatPeriod = TimeSpan.FromMilliseconds(10);

    private static readonly TimeSpan MaxHeartbeatPeriod = TimeSpan.FromHours(1);

    /// <summary>Throws <c>ERR_OUT_OF_RANGE</c> for a heartbeat period or lease a bus cannot keep.</summary>
    public static void Validate(TimeSpan heartbeatPeriod, TimeSpan leaseDuration)
    {
        if (heartbeatPeriod != Timeout.InfiniteTimeSpan && (heartbeatPeriod < MinHeartbeatPeriod || heartbeatPeriod > MaxHeartbeatPeriod))
        {
            throw OutOfRange("HeartbeatPeriod", $"It must be >= {MinHeartbeatPeriod.TotalMilliseconds} ms and <= {MaxHeartbeatPeriod.TotalHours} h, or Timeout.InfiniteTimeSpan for no heartbeats", heartbeatPeriod);
        }

        var shortest = heartbeatPeriod == Timeout.InfiniteTimeSpan ? TimeSpan.FromMilliseconds(1) : heartbeatPeriod * 2;
        if (leaseDuration < shortest || leaseDuration.TotalMilliseconds > HeartbeatBody.MaxLeaseMilliseconds)
        {
            throw OutOfRange(
                "LeaseDuration",
                $"It must be >= {shortest.TotalMilliseconds} ms (twice HeartbeatPeriod: a heartbeat follows the last publication by up to one and a half periods, and one may be lost) and <= {HeartbeatBody.MaxLeaseMilliseconds} ms",
                leaseDuration);
        }
    }

    /// <summary>A lease in whole milliseconds, as heartbeats carry it.</summary>
    public static long Milliseconds(TimeSpan lease) => (long)Math.Ceiling(lease.TotalMilliseconds);

    private static DgramException OutOfRange(string option, string rule, TimeSpan value) => new(
        DgramErrorCode.OutOfRange,
        string.Create(CultureInfo.InvariantCulture, $"The value of \"{option}\" is out of range. {rule}. Received {value.TotalMilliseconds} ms."));
}
