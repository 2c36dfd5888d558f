using System.Globalization;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// Node's argument errors for reliability options a bus cannot work with, thrown from <c>JoinAsync</c> before anything
/// is created. They are checked whatever the mode, so a configuration that only fails once someone turns reliable mode
/// on fails the first time it is used instead.
/// </summary>
internal static class ReliabilityValidation
{
    /// <summary>The most frames a history keeps, and publications a subscriber holds back, per publisher.</summary>
    public const int MaxCount = 1 << 20;

    // Longer than any LAN or WAN round trip: beyond it a timer is a mistake (minutes for milliseconds), not a choice.
    private static readonly TimeSpan MaxTimer = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan MaxDeadline = TimeSpan.FromHours(1);

    public static void Validate(MulticastOptions options)
    {
        if (!Enum.IsDefined(options.Reliability))
        {
            throw new DgramException(
                DgramErrorCode.InvalidArgValue,
                string.Create(CultureInfo.InvariantCulture, $"The option \"Reliability\" must be ReliabilityMode.BestEffort or ReliabilityMode.Reliable. Received {(int)options.Reliability}."));
        }

        var history = options.History ?? throw Missing("History", nameof(HistoryOptions));
        var repair = options.Repair ?? throw Missing("Repair", nameof(RepairOptions));

        Count("History.Count", history.Count, 1, MaxCount);
        Count("History.Bytes", history.Bytes, options.MaxDatagramSize, int.MaxValue, "one datagram of MaxDatagramSize");
        Timer("Repair.NakBackoff", repair.NakBackoff, TimeSpan.Zero, MaxTimer);
        Timer("Repair.NakHoldoff", repair.NakHoldoff, TimeSpan.FromMilliseconds(1), MaxTimer);
        Timer("Repair.RepairHoldoff", repair.RepairHoldoff, TimeSpan.Zero, MaxTimer);
        Timer("Repair.RepairDeadline", repair.RepairDeadline, TimeSpan.FromMilliseconds(1), MaxDeadline);
        Count("Repair.HoldBackCount", repair.HoldBackCount, 1, MaxCount);
        Count("Repair.HoldBackBytes", repair.HoldBackBytes, options.MaxDatagramSize, int.MaxValue, "one datagram of MaxDatagramSize");

        // Re-sends are budgeted per 100 ms window: fewer than 10 a second would be no repair at all.
        Count("Repair.MaxRetransmissionsPerSecond", repair.MaxRetransmissionsPerSecond, 10, int.MaxValue);
    }

    private static void Count(string option, int value, int min, int max, string? why = null)
    {
        if (value < min || value > max)
        {
            var reason = why is null ? string.Empty : $" ({why})";
            throw new DgramException(
                DgramErrorCode.OutOfRange,
                string.Create(CultureInfo.InvariantCulture, $"The value of \"{option}\" is out of range. It must be >= {min}{reason} and <= {max}. Received {value}."));
        }
    }

    private static void Timer(string option, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            throw new DgramException(
                DgramErrorCode.OutOfRange,
                string.Create(CultureInfo.InvariantCulture, $"The value of \"{option}\" is out of range. It must be >= {min.TotalMilliseconds} ms and <= {max.TotalMilliseconds} ms. Received {value.TotalMilliseconds} ms."));
        }
    }

    private static DgramException Missing(string option, string type) =>
        new(DgramErrorCode.InvalidArgType, $"The \"{option}\" option must be an instance of {type}. Received null.");
}
