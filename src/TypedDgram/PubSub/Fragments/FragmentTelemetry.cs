using System.Diagnostics.Metrics;
using TypedDgram.Diagnostics;

namespace TypedDgram.PubSub;

/// <summary>
/// What reassembly reports to the meter (docs/telemetry.md): publications reassembled and abandoned, and fragments
/// dropped by <c>typeddgram.fragment.reason</c> (the <see cref="FragmentStats"/> counts, over every bus of the process).
/// </summary>
internal static class FragmentTelemetry
{
    private const string ReasonTag = "typeddgram.fragment.reason";

    private static readonly Counter<long> Reassembled = Telemetry.Meter.CreateCounter<long>(
        "typeddgram.pubsub.reassembled", "{publication}", "Publications larger than a datagram put back together from their fragments.");

    private static readonly Counter<long> AbandonedCounter = Telemetry.Meter.CreateCounter<long>(
        "typeddgram.pubsub.reassembly.abandoned", "{publication}", "Publications in progress given up: not whole within the reassembly timeout, or pushed out by a newer one of the same publisher.");

    private static readonly Counter<long> Dropped = Telemetry.Meter.CreateCounter<long>(
        "typeddgram.pubsub.fragments.dropped", "{fragment}", "Fragments not kept, by typeddgram.fragment.reason (duplicate, too_large, inconsistent, out_of_range, overlapping, no_room).");

    /// <summary>Counts what became of one fragment (nothing for one kept or completing its publication but the completion).</summary>
    public static void Fragment(FragmentOutcome outcome)
    {
        switch (outcome)
        {
            case FragmentOutcome.Added:
                return;
            case FragmentOutcome.Completed:
                Reassembled.Add(1);
                return;
            default:
                if (Dropped.Enabled)
                {
                    Dropped.Add(1, new KeyValuePair<string, object?>(ReasonTag, ReasonOf(outcome)));
                }

                return;
        }
    }

    /// <summary>Counts one publication in progress given up.</summary>
    public static void Abandoned() => AbandonedCounter.Add(1);

    private static string ReasonOf(FragmentOutcome outcome) => outcome switch
    {
        FragmentOutcome.Duplicate => "duplicate",
        FragmentOutcome.TooLarge => "too_large",
        FragmentOutcome.Inconsistent => "inconsistent",
        FragmentOutcome.OutOfRange => "out_of_range",
        FragmentOutcome.Overlapping => "overlapping",
        _ => "no_room",
    };
}
