namespace TypedDgram.PubSub;

/// <summary>
/// Count arithmetic that stops at <see cref="long.MaxValue"/> instead of wrapping negative: a hostile sender can make a
/// single publisher's lost count huge (a jump of 2^64 - 1), and summing two such counts must not turn the total into -2.
/// </summary>
internal static class Saturating
{
    /// <summary><paramref name="count"/> + <paramref name="add"/>, or <see cref="long.MaxValue"/> if that is larger.</summary>
    public static long Add(long count, ulong add) =>
        add >= (ulong)(long.MaxValue - count) ? long.MaxValue : count + (long)add;

    /// <summary><paramref name="count"/> + <paramref name="add"/> for non-negative counts, or <see cref="long.MaxValue"/> if that is larger.</summary>
    public static long Add(long count, long add) => Add(count, (ulong)Math.Max(add, 0));

    /// <summary><paramref name="count"/> + 1, staying at <see cref="long.MaxValue"/>.</summary>
    public static long Increment(long count) => count == long.MaxValue ? count : count + 1;

    /// <summary>Adds 1 to a count shared between threads, staying at <see cref="long.MaxValue"/>.</summary>
    public static void Increment(ref long count)
    {
        var seen = Volatile.Read(ref count);
        while (seen != long.MaxValue)
        {
            var before = Interlocked.CompareExchange(ref count, seen + 1, seen);
            if (before == seen)
            {
                return;
            }

            seen = before;
        }
    }
}
