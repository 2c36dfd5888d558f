namespace TypedDgram.PubSub;

/// <summary>
/// The sequence accounting of one bus: a <see cref="PublisherSequence"/> per publisher id, the least recently heard
/// forgotten beyond a limit so that a flood of forged ids cannot grow memory, and totals that keep forgotten ones' counts.
/// Thread-safe: the receive loop observes while anyone takes a snapshot.
/// </summary>
internal sealed class SequenceTracker
{
    /// <summary>How many publishers are tracked at once unless told otherwise.</summary>
    public const int DefaultMaxPublishers = 1024;

    private readonly Lock _gate = new();
    private readonly int _maxPublishers;
    private readonly Dictionary<ulong, LinkedListNode<PublisherSequence>> _publishers = [];

    // Most recently heard first; nodes are moved, never reallocated, so steady-state observing allocates nothing.
    private readonly LinkedList<PublisherSequence> _byRecency = new();

    private long _forgottenReceived;
    private long _forgottenLost;
    private long _forgottenDuplicated;
    private long _forgottenReordered;
    private long _forgottenStale;

    public SequenceTracker(int maxPublishers = DefaultMaxPublishers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPublishers, 1);
        _maxPublishers = maxPublishers;
    }

    /// <summary>
    /// Accounts one publication of <paramref name="publisherId"/> numbered <paramref name="sequence"/>; a publisher id not
    /// tracked (new, or forgotten) starts a fresh count with this number as its first.
    /// </summary>
    public SequenceVerdict Observe(ulong publisherId, ulong sequence)
    {
        lock (_gate)
        {
            if (_publishers.TryGetValue(publisherId, out var node))
            {
                if (node != _byRecency.First)
                {
                    _byRecency.Remove(node);
                    _byRecency.AddFirst(node);
                }

                return node.Value.Observe(sequence);
            }

            if (_publishers.Count == _maxPublishers)
            {
                Forget(_byRecency.Last!);
            }

            _publishers.Add(publisherId, _byRecency.AddFirst(new PublisherSequence(publisherId, sequence)));
            return SequenceVerdict.Accepted;
        }
    }

    /// <summary>The totals over every publisher heard (forgotten ones included) and the detail of the tracked ones.</summary>
    public BusStats Snapshot(long malformed, long unhandled, long dropped)
    {
        lock (_gate)
        {
            long received = _forgottenReceived, lost = _forgottenLost, duplicated = _forgottenDuplicated;
            long reordered = _forgottenReordered, stale = _forgottenStale;
            var publishers = new PublisherStats[_publishers.Count];
            var i = 0;
            foreach (var publisher in _byRecency)
            {
                received += publisher.Received;
                lost += publisher.Lost;
                duplicated += publisher.Duplicated;
                reordered += publisher.Reordered;
                stale += publisher.Stale;
                publishers[i++] = publisher.Snapshot();
            }

            return new BusStats(received, lost, duplicated, reordered, stale, malformed, unhandled, dropped, publishers);
        }
    }

    private void Forget(LinkedListNode<PublisherSequence> node)
    {
        var publisher = node.Value;
        _forgottenReceived += publisher.Received;
        _forgottenLost += publisher.Lost;
        _forgottenDuplicated += publisher.Duplicated;
        _forgottenReordered += publisher.Reordered;
        _forgottenStale += publisher.Stale;
        _byRecency.Remove(node);
        _publishers.Remove(publisher.PublisherId);
    }
}
