namespace TypedDgram.Benchmarks.Throughput;

/// <summary>
/// One measured run: datagrams sent and received in the measured window, what each side allocated (-1: unknown) and the
/// CPU time each process used meanwhile (a cost that, unlike datagrams per second, a busy machine hardly changes).
/// </summary>
public sealed record ThroughputResult(
    Implementation Implementation,
    int Size,
    long Sent,
    long Received,
    double Seconds,
    long SenderAllocated,
    long ReceiverAllocated,
    double SenderCpuSeconds,
    double ReceiverCpuSeconds,
    string? Skipped = null)
{
    /// <summary>Datagrams received per second in each round, lowest first (this result is the median one).</summary>
    public IReadOnlyList<double> Rounds { get; init; } = [];

    /// <summary>The round (from 0) this run belongs to.</summary>
    public int Round { get; init; }

    public double ReceivedPerSecond => Seconds > 0 ? Received / Seconds : 0;

    public double SentPerSecond => Seconds > 0 ? Sent / Seconds : 0;

    public long Dropped => Math.Max(0, Sent - Received);

    public double SenderBytesPerDatagram => SenderAllocated < 0 || Sent == 0 ? double.NaN : (double)SenderAllocated / Sent;

    public double ReceiverBytesPerDatagram => ReceiverAllocated < 0 || Received == 0 ? double.NaN : (double)ReceiverAllocated / Received;

    /// <summary>Microseconds of the sending process's CPU per datagram sent.</summary>
    public double SenderCpuMicroseconds => Sent == 0 ? double.NaN : SenderCpuSeconds * 1e6 / Sent;

    /// <summary>Microseconds of the receiving process's CPU per datagram received.</summary>
    public double ReceiverCpuMicroseconds => Received == 0 ? double.NaN : ReceiverCpuSeconds * 1e6 / Received;
}
