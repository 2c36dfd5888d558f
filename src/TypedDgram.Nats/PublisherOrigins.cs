namespace TypedDgram.Nats;

/// <summary>
/// The publisher ids a bridge has heard on one side, most recent last, at most <see cref="Capacity"/>: a publication
/// whose publisher was heard on the other side is a bridged one coming back, and is never relayed again. A publisher id
/// is random per bus, so it names the side it was born on.
/// </summary>
internal sealed class PublisherOrigins
{
    /// <summary>How many publisher ids one side remembers; the least recently added is forgotten beyond it.</summary>
    public const int Capacity = 65536;

    private readonly Lock _gate = new();
    private readonly HashSet<ulong> _ids = [];
    private readonly Queue<ulong> _order = new();

    /// <summary>Whether <paramref name="publisherId"/> was heard on this side.</summary>
    public bool Contains(ulong publisherId)
    {
        lock (_gate)
        {
            return _ids.Contains(publisherId);
        }
    }

    /// <summary>Remembers <paramref name="publisherId"/> as heard on this side.</summary>
    public void Add(ulong publisherId)
    {
        lock (_gate)
        {
            if (!_ids.Add(publisherId))
            {
                return;
            }

            _order.Enqueue(publisherId);
            if (_order.Count > Capacity)
            {
                _ids.Remove(_order.Dequeue());
            }
        }
    }
}
