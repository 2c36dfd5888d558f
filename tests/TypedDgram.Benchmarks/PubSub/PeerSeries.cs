namespace TypedDgram.Benchmarks.PubSub;

// What a round reads from a peer's once-a-second report, whichever side printed it (ddsperf or the bus peer): the
// parsers (DdsperfOutput, BusPeerOutput) turn each side's lines into these, and RoundWindow cuts the measured
// window out of them the same way for both.

/// <summary>A running count at an instant: samples received (or sent) and lost so far, <paramref name="At"/> in Unix seconds.</summary>
public readonly record struct CountAt(double At, double Total, double Lost);

/// <summary>Round trips completed in the second that ended at <paramref name="At"/> (Unix seconds), in microseconds.</summary>
public readonly record struct RttSecond(double At, double P50, double P90, double P99, long Count);
