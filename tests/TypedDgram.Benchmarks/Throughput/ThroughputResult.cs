namespace TypedDgram.Benchmarks.Throughput;

/// <summary>One measured run: datagrams sent and received in the measured window, and what each side allocated (-1: unknown).</summary>
public sealed record ThroughputResult(
    Implementation Implementation,
    int Size,
    long Sent,
    long Received,
    double Seconds,
    long SenderAllocated,
    long ReceiverAllocated,
    string? Skipped = null)
{
    public double ReceivedPerSecond => Seconds > 0 ? Received / Seconds : 0;

    public double SentPerSecond => Seconds > 0 ? Sent / Seconds : 0;

    public long Dropped => Math.Max(0, Sent - Received);

    public double SenderBytesPerDatagram => SenderAllocated < 0 || Sent == 0 ? double.NaN : (double)SenderAllocated / Sent;

    public double ReceiverBytesPerDatagram => ReceiverAllocated < 0 || Received == 0 ? double.NaN : (double)ReceiverAllocated / Received;
}
