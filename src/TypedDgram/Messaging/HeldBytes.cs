namespace TypedDgram.Messaging;

/// <summary>
/// The estimated bytes a typed receive stream holds for a slow consumer, bounded by <see cref="Max"/>: a count of
/// items alone let 30 datagrams that each decode to 33 MB hold 952 MB in a stalled <c>ReceiveAsync</c>, and the
/// default capacity of 1,024 about 34 GB (issue 16, finding 3). Each item is charged the reader's estimate of what
/// decoding it allocated (<see cref="Contracts.DatagramReadContext.Allocated"/>).
/// </summary>
internal sealed class HeldBytes
{
    /// <summary>The most estimated bytes one stream holds: 16 MiB.</summary>
    public const long Max = 16 * 1024 * 1024;

    private long _held;

    /// <summary>The estimated bytes held now.</summary>
    public long Held => Interlocked.Read(ref _held);

    /// <summary>Takes <paramref name="bytes"/> if they fit under <see cref="Max"/> (an empty stream takes any one item).</summary>
    public bool TryTake(long bytes)
    {
        while (true)
        {
            long held = Held;
            if (held > 0 && held + bytes > Max)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _held, held + bytes, held) == held)
            {
                return true;
            }
        }
    }

    /// <summary>Gives back what an item took, once it is yielded or dropped.</summary>
    public void Release(long bytes) => Interlocked.Add(ref _held, -bytes);
}
