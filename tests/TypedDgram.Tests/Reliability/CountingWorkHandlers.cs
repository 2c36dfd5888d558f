using TypedDgram.Contracts;

namespace TypedDgram.Tests.Reliability;

/// <summary>Counts each <see cref="Work"/> by sequence number, so that a loss or a second dispatch shows.</summary>
public sealed partial class CountingWorkHandlers(int sequences)
{
    private readonly int[] _hits = new int[sequences];
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    /// <summary>How many times each sequence number was dispatched.</summary>
    public ReadOnlySpan<int> Hits => _hits;

    [DatagramHandler]
    private void On(Work work)
    {
        if ((uint)work.Seq < (uint)_hits.Length)
        {
            Interlocked.Increment(ref _hits[work.Seq]);
        }

        Interlocked.Increment(ref _total);
    }
}
