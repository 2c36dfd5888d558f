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
/// <para>
/// It also keeps each publisher's lease (<see cref="PublisherLease"/>): renewed by every publication delivered and every
/// heartbeat believed, ended by <see cref="ExpireLeases"/>. Joins and losses are queued to a <see cref="LivelinessEvents"/>
/// under the lock and raised by the bus after it, so no user code runs while a publisher is being counted. A lost
/// publisher stays tracked with its window, so one heard again goes on where it was (docs/wire-format.md, section 7,
/// "Heartbeats").
/// </para>
/// </remarks>
internal sealed class SequenceTracker
{
    /// <summary>How many publishers are tracked at once unless told otherwise.</summary>
    public const int DefaultMaxPublishers = 1024;

    /// <summary>How many delivered publications take a publisher off probation (see the remarks).</summary>
    public const int EstablishedAfter = 4;

    /// <summary>A publisher's lease until its first heartbeat announces its own, unless told otherwise: 3 s, three default heartbeat periods.</summary>
    public const long DefaultLeaseMilliseconds = 3000;

    private readonly Lock _gate = new();
    private readonly int _maxPublishers;
    private readonly bool _authenticated;
    private readonly long _leaseMilliseconds;
    private readonly LivelinessEvents _events;
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
    private long _forgottenTailLost;
    private long _forgottenHeartbeats;
    private long _joined;
    private long _left;

    /// <summary>
    /// A tracker of at most <paramref name="maxPublishers"/>; <paramref name="authenticated"/> when every frame it sees
    /// was verified under a key. A publisher's lease is <paramref name="leaseMilliseconds"/> until its heartbeat announces
    /// its own; joins and losses go to <paramref name="events"/>.
    /// </summary>
    public SequenceTracker(
        int maxPublishers = DefaultMaxPublishers,
        bool authenticated = false,
        long leaseMilliseconds = DefaultLeaseMilliseconds,
        LivelinessEvents? events = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPublishers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(leaseMilliseconds, 1);
        _maxPublishers = maxPublishers;
        _authenticated = authenticated;
        _leaseMilliseconds = leaseMilliseconds;
        _events = events ?? new LivelinessEvents();
    }

    /// <summary>
    /// Accounts one publication of <paramref name="publisherId"/> numbered <paramref name="sequence"/>; a publisher id not
    /// tracked (new, or forgotten) starts a fresh count with this number as its first. A publication delivered renews the
    /// publisher's lease (a duplicate or a held-back one does not: it may be a replay or a forgery).
    /// </summary>
    public SequenceVerdict Observe(ulong publisherId, ulong sequence)
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            if (_publishers.TryGetValue(publisherId, out var tracked))
            {
                var verdict = tracked.Sequence.Observe(sequence);
                Touch(tracked);
                if (verdict is SequenceVerdict.Accepted or SequenceVerdict.Reordered)
                {
                    RenewOnDelivery(tracked, now);
                }

                return verdict;
            }

            Add(new PublisherSequence(publisherId, sequence, _authenticated), now, PublisherLivelinessReason.FirstPublication);
            return SequenceVerdict.Accepted;
        }
    }

    /// <summary>
    /// Accounts one heartbeat of <paramref name="publisherId"/> (its frame numbered <paramref name="frameSequence"/>)
    /// announcing <paramref name="highest"/> as its newest publication and a lease of <paramref name="leaseMilliseconds"/>.
    /// Believed, it renews the lease and counts the numbers it reveals missing (<paramref name="tailLost"/>) as
    /// <see cref="PublisherSequence.TryAnnounce"/> says; a publisher id not tracked starts with it as its baseline.
    /// </summary>
    public HeartbeatVerdict ObserveHeartbeat(ulong publisherId, ulong frameSequence, ulong highest, long leaseMilliseconds, out ulong tailLost)
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            tailLost = 0;
            if (!_publishers.TryGetValue(publisherId, out var tracked))
            {
                tracked = Add(PublisherSequence.FromAnnouncement(publisherId, highest, _authenticated), now, PublisherLivelinessReason.FirstHeartbeat);
                tracked.Lease.Heartbeat(frameSequence, leaseMilliseconds);
                return HeartbeatVerdict.Believed;
            }

            if (_authenticated && tracked.Lease.IsReplay(frameSequence))
            {
                return HeartbeatVerdict.Replayed;
            }

            if (!tracked.Sequence.TryAnnounce(highest, out tailLost))
            {
                return HeartbeatVerdict.Distrusted;
            }

            tracked.Lease.Heartbeat(frameSequence, leaseMilliseconds);
            Touch(tracked);
            if (tracked.Lease.Renew(now))
            {
                Joined(tracked, PublisherLivelinessReason.HeardAgain);
            }

            return HeartbeatVerdict.Believed;
        }
    }

    /// <summary>
    /// Ends the lease of every alive publisher not heard for its whole lease by <paramref name="now"/>
    /// (<see cref="Environment.TickCount64"/>), each a <see cref="PublisherLivelinessReason.LeaseExpired"/> loss, and
    /// returns when the next lease of those still alive runs out (<see cref="long.MaxValue"/> when none is).
    /// </summary>
    public long ExpireLeases(long now)
    {
        lock (_gate)
        {
            var next = long.MaxValue;
            foreach (var tracked in _publishers.Values)
            {
                if (tracked.Lease.Expire(now))
                {
                    Left(tracked, PublisherLivelinessReason.LeaseExpired);
                }
                else if (tracked.Lease.Alive)
                {
                    next = Math.Min(next, tracked.Lease.ExpiresAt);
                }
            }

            return next;
        }
    }

    // A publisher id not tracked: room is made for it, it starts on probation, heard now.
    private Tracked Add(PublisherSequence sequence, long now, PublisherLivelinessReason reason)
    {
        if (_publishers.Count >= _maxPublishers)
        {
            Forget((_probation.Last ?? _established.Last)!);
        }

        var tracked = new Tracked(sequence, new PublisherLease(_leaseMilliseconds));
        tracked.Node = _probation.AddFirst(tracked);
        tracked.LastHeard = ++_clock;
        _publishers.Add(sequence.PublisherId, tracked);
        tracked.Lease.Renew(now);
        Joined(tracked, reason);
        return tracked;
    }

    // A delivered publication (alone or in a batch) renews its publisher's lease; one whose lease had run out joins again.
    private void RenewOnDelivery(Tracked tracked, long now)
    {
        if (tracked.Lease.Renew(now))
        {
            Joined(tracked, PublisherLivelinessReason.HeardAgain);
        }
    }

    private void Joined(Tracked tracked, PublisherLivelinessReason reason)
    {
        _joined = Saturating.Increment(_joined);
        PubSubTelemetry.LivelinessChanged(reason);
        _events.Enqueue(new PublisherLivelinessEventArgs(tracked.Sequence.PublisherId, reason, Stats(tracked)));
    }

    private void Left(Tracked tracked, PublisherLivelinessReason reason)
    {
        _left = Saturating.Increment(_left);
        PubSubTelemetry.LivelinessChanged(reason);
        _events.Enqueue(new PublisherLivelinessEventArgs(tracked.Sequence.PublisherId, reason, Stats(tracked)));
    }

    private static PublisherStats Stats(Tracked tracked) => tracked.Sequence.Snapshot() with
    {
        Alive = tracked.Lease.Alive,
        Heartbeats = tracked.Lease.Heartbeats,
    };

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
                if (verdicts.Contains(SequenceVerdict.Accepted) || verdicts.Contains(SequenceVerdict.Reordered))
                {
                    // One renewal per batch is enough.
                    RenewOnDelivery(tracked, Environment.TickCount64);
                }

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
            long tailLost = _forgottenTailLost, heartbeats = _forgottenHeartbeats;
            var tracked = _publishers.Values.ToArray();
            Array.Sort(tracked, static (a, b) => b.LastHeard.CompareTo(a.LastHeard));
            var publishers = new PublisherStats[tracked.Length];
            for (var i = 0; i < tracked.Length; i++)
            {
                var publisher = tracked[i].Sequence;
                tailLost = Saturating.Add(tailLost, publisher.TailLost);
                heartbeats = Saturating.Add(heartbeats, tracked[i].Lease.Heartbeats);
                received = Saturating.Add(received, publisher.Received);
                lost = Saturating.Add(lost, publisher.Lost);
                duplicated = Saturating.Add(duplicated, publisher.Duplicated);
                reordered = Saturating.Add(reordered, publisher.Reordered);
                stale = Saturating.Add(stale, publisher.Stale);
                publishers[i] = Stats(tracked[i]);
            }

            return new BusStats(received, lost, duplicated, reordered, stale, malformed, unhandled, dropped, publishers)
            {
                TailLost = tailLost,
                HeartbeatsReceived = heartbeats,
                PublishersJoined = _joined,
                PublishersLost = _left,
            };
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
        if (node.Value.Lease.Alive)
        {
            Left(node.Value, PublisherLivelinessReason.Forgotten);
        }

        var publisher = node.Value.Sequence;
        _forgottenTailLost = Saturating.Add(_forgottenTailLost, publisher.TailLost);
        _forgottenHeartbeats = Saturating.Add(_forgottenHeartbeats, node.Value.Lease.Heartbeats);
        _forgottenReceived = Saturating.Add(_forgottenReceived, publisher.Received);
        _forgottenLost = Saturating.Add(_forgottenLost, publisher.Lost);
        _forgottenDuplicated = Saturating.Add(_forgottenDuplicated, publisher.Duplicated);
        _forgottenReordered = Saturating.Add(_forgottenReordered, publisher.Reordered);
        _forgottenStale = Saturating.Add(_forgottenStale, publisher.Stale);
        node.List!.Remove(node);
        _publishers.Remove(publisher.PublisherId);
    }

    /// <summary>A tracked publisher: its accounting, its lease, its node in the probation or established list, when it was last heard.</summary>
    private sealed class Tracked(PublisherSequence sequence, PublisherLease lease)
    {
        public PublisherSequence Sequence { get; } = sequence;

        public PublisherLease Lease { get; } = lease;

        public LinkedListNode<Tracked>? Node { get; set; }

        public long LastHeard { get; set; }
    }
}
