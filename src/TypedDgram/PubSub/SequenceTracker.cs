namespace TypedDgram.PubSub;

/// <summary>
/// The sequence accounting of one bus: a <see cref="PublisherSequence"/> per publisher id, some forgotten beyond a
/// limit so that a flood of forged ids cannot grow memory, and totals that keep forgotten ones' counts.
/// Thread-safe: the receive loop observes while anyone takes a snapshot.
/// </summary>
/// <remarks>
/// A forgotten publisher heard again starts afresh, so its old publications could be delivered a second time: which one
/// to forget matters. Publishers are on probation until <see cref="EstablishedAfter"/> of their publications were
/// delivered; a new id forgets the least recently heard publisher on probation, and an established one only when none
/// is on probation. A flood of forged ids (each sends one or a few publications) then churns the probationary ones and
/// never reaches a publisher that has been publishing; to forget an established one, an attacker must send
/// <see cref="EstablishedAfter"/> publications under each of more ids than the limit (docs/reliability.md, threat model).
/// </remarks>
internal sealed class SequenceTracker
{
    /// <summary>How many publishers are tracked at once unless told otherwise.</summary>
    public const int DefaultMaxPublishers = 1024;

    /// <summary>How many delivered publications take a publisher off probation (see the remarks).</summary>
    public const int EstablishedAfter = 4;

    private readonly Lock _gate = new();
    private readonly int _maxPublishers;
    private readonly bool _authenticated;
    private readonly Dictionary<ulong, Tracked> _publishers = [];

    // Most recently heard first in each; nodes are moved, never reallocated, so steady-state observing allocates nothing.
    private readonly LinkedList<Tracked> _probation = new();
    private readonly LinkedList<Tracked> _established = new();

    // Orders the publishers of both lists by when they were last heard, for the snapshot.
    private long _clock;

    private long _forgottenReceived;
    private long _forgottenLost;
    private long _forgottenDuplicated;
    private long _forgottenReordered;
    private long _forgottenStale;

    /// <summary>A tracker of at most <paramref name="maxPublishers"/>; <paramref name="authenticated"/> when every publication it sees was verified under a key.</summary>
    public SequenceTracker(int maxPublishers = DefaultMaxPublishers, bool authenticated = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPublishers, 1);
        _maxPublishers = maxPublishers;
        _authenticated = authenticated;
    }

    /// <summary>
    /// Accounts one publication of <paramref name="publisherId"/> numbered <paramref name="sequence"/>; a publisher id not
    /// tracked (new, or forgotten) starts a fresh count with this number as its first.
    /// </summary>
    public SequenceVerdict Observe(ulong publisherId, ulong sequence)
    {
        lock (_gate)
        {
            if (_publishers.TryGetValue(publisherId, out var tracked))
            {
                var verdict = tracked.Sequence.Observe(sequence);
                Touch(tracked);
                return verdict;
            }

            if (_publishers.Count >= _maxPublishers)
            {
                Forget((_probation.Last ?? _established.Last)!);
            }

            tracked = new Tracked(new PublisherSequence(publisherId, sequence, _authenticated));
            tracked.Node = _probation.AddFirst(tracked);
            tracked.LastHeard = ++_clock;
            _publishers.Add(publisherId, tracked);
            return SequenceVerdict.Accepted;
        }
    }

    /// <summary>
    /// Accounts the publications <paramref name="first"/> .. <paramref name="first"/> + n - 1 of one batch of
    /// <paramref name="publisherId"/> (n the length of <paramref name="verdicts"/>, at least 1) with one look-up of the
    /// publisher, each as <see cref="Observe"/> would (see <see cref="PublisherSequence.ObserveBatch"/>), and writes
    /// what to do with each into <paramref name="verdicts"/>.
    /// </summary>
    public void ObserveBatch(ulong publisherId, ulong first, Span<SequenceVerdict> verdicts)
    {
        lock (_gate)
        {
            if (_publishers.TryGetValue(publisherId, out var tracked))
            {
                tracked.Sequence.ObserveBatch(first, verdicts);
                Touch(tracked);
                return;
            }

            verdicts[0] = Observe(publisherId, first);
            if (verdicts.Length > 1)
            {
                _publishers[publisherId].Sequence.ObserveBatch(first + 1, verdicts[1..]);
            }
        }
    }

    /// <summary>The totals over every publisher heard (forgotten ones included) and the detail of the tracked ones.</summary>
    public BusStats Snapshot(long malformed, long unhandled, long dropped)
    {
        lock (_gate)
        {
            long received = _forgottenReceived, lost = _forgottenLost, duplicated = _forgottenDuplicated;
            long reordered = _forgottenReordered, stale = _forgottenStale;
            var tracked = _publishers.Values.ToArray();
            Array.Sort(tracked, static (a, b) => b.LastHeard.CompareTo(a.LastHeard));
            var publishers = new PublisherStats[tracked.Length];
            for (var i = 0; i < tracked.Length; i++)
            {
                var publisher = tracked[i].Sequence;
                received = Saturating.Add(received, publisher.Received);
                lost = Saturating.Add(lost, publisher.Lost);
                duplicated = Saturating.Add(duplicated, publisher.Duplicated);
                reordered = Saturating.Add(reordered, publisher.Reordered);
                stale = Saturating.Add(stale, publisher.Stale);
                publishers[i] = publisher.Snapshot();
            }

            return new BusStats(received, lost, duplicated, reordered, stale, malformed, unhandled, dropped, publishers);
        }
    }

    // Most recently heard first in its list; off probation once it has had enough delivered.
    private void Touch(Tracked tracked)
    {
        tracked.LastHeard = ++_clock;
        var node = tracked.Node!;
        var list = node.List!;
        var target = list == _probation && tracked.Sequence.Received >= EstablishedAfter ? _established : list;
        if (target == list && node == list.First)
        {
            return;
        }

        list.Remove(node);
        target.AddFirst(node);
    }

    private void Forget(LinkedListNode<Tracked> node)
    {
        var publisher = node.Value.Sequence;
        _forgottenReceived = Saturating.Add(_forgottenReceived, publisher.Received);
        _forgottenLost = Saturating.Add(_forgottenLost, publisher.Lost);
        _forgottenDuplicated = Saturating.Add(_forgottenDuplicated, publisher.Duplicated);
        _forgottenReordered = Saturating.Add(_forgottenReordered, publisher.Reordered);
        _forgottenStale = Saturating.Add(_forgottenStale, publisher.Stale);
        node.List!.Remove(node);
        _publishers.Remove(publisher.PublisherId);
    }

    /// <summary>A tracked publisher: its accounting, its node in the probation or established list, when it was last heard.</summary>
    private sealed class Tracked(PublisherSequence sequence)
    {
        public PublisherSequence Sequence { get; } = sequence;

        public LinkedListNode<Tracked>? Node { get; set; }

        public long LastHeard { get; set; }
    }
}
