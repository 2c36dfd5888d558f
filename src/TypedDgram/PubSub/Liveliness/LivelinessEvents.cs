namespace TypedDgram.PubSub;

/// <summary>
/// The joins and losses a bus has yet to raise, raised in the order they happened and one at a time, by whichever
/// thread finds them pending (the receive loop for joins, the lease timer for expiries) without any thread waiting for
/// another's event handler: a thread that finds another raising leaves its event to it.
/// </summary>
/// <remarks>
/// At most <see cref="MaxPending"/> wait: beyond that (a handler stuck while a flood of new publisher ids arrives) the
/// newest are dropped. They are still counted in <see cref="BusStats.PublishersJoined"/> and
/// <see cref="BusStats.PublishersLost"/>, and <see cref="PublisherStats.Alive"/> still says each one's state.
/// </remarks>
internal sealed class LivelinessEvents
{
    /// <summary>How many events may wait for a handler.</summary>
    public const int MaxPending = 1024;

    private readonly Lock _gate = new();
    private readonly Queue<PublisherLivelinessEventArgs> _pending = new();
    private int _count;
    private bool _raising;

    /// <summary>Whether any event waits: one read on every datagram, so a plain volatile field, not the lock.</summary>
    public bool HasPending => Volatile.Read(ref _count) != 0;

    /// <summary>Events dropped because <see cref="MaxPending"/> were waiting.</summary>
    public long Dropped { get; private set; }

    public void Enqueue(PublisherLivelinessEventArgs change)
    {
        lock (_gate)
        {
            if (_pending.Count >= MaxPending)
            {
                Dropped = Saturating.Increment(Dropped);
                return;
            }

            _pending.Enqueue(change);
            Volatile.Write(ref _count, _pending.Count);
        }
    }

    /// <summary>Raises every pending event with <paramref name="raise"/>, which must not throw, unless another thread already is.</summary>
    public void Raise(Action<PublisherLivelinessEventArgs> raise)
    {
        lock (_gate)
        {
            if (_raising)
            {
                return;
            }

            _raising = true;
        }

        while (true)
        {
            PublisherLivelinessEventArgs? next;
            lock (_gate)
            {
                // Deciding "nothing left" and giving up the turn in one step: an event queued after it finds no one raising.
                if (!_pending.TryDequeue(out next))
                {
                    _raising = false;
                    return;
                }

                Volatile.Write(ref _count, _pending.Count);
            }

            raise(next);
        }
    }
}
