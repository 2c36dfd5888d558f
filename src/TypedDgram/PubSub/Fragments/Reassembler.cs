namespace TypedDgram.PubSub;

/// <summary>
/// Puts fragmented publications back together under limits that hold against hostile input (docs/wire-format.md,
/// section 7, "Fragments"; docs/reliability.md, "Bounds under attack"): no publication above the largest allowed, at
/// most so many in progress per publisher and in all, at most so many bytes charged in all, none older than the
/// timeout; fragments that contradict what arrived before are dropped. Each drop is counted by its reason.
/// Thread-safe: the receive loop adds fragments while a timer expires old publications and anyone takes a snapshot.
/// </summary>
/// <remarks>
/// The clock is passed in (milliseconds, any origin), so the rules are tested without waiting. When the limits are
/// full, a publisher's new publication pushes out its own oldest one in progress (a publisher can only crowd out
/// itself), and otherwise is refused: publications already in progress are never given up for another publisher's.
/// </remarks>
internal sealed class Reassembler
{
    // Fragments of publications completed lately are duplicates: remembered so that a late copy does not start a
    // publication in progress that could never complete. By (publisher, publication), the oldest forgotten first.
    private const int RememberedCompletions = 1024;

    private readonly Lock _gate = new();
    private readonly ReassemblyLimits _limits;
    private readonly long _timeoutMilliseconds;
    private readonly Dictionary<(ulong PublisherId, ulong Publication), LinkedListNode<Reassembly>> _inProgress = [];
    private readonly Dictionary<ulong, int> _inProgressPerPublisher = [];

    // Publications in progress in the order they started, which is also the order of their deadlines.
    private readonly LinkedList<Reassembly> _oldestFirst = new();
    private readonly HashSet<(ulong PublisherId, ulong Publication)> _completed = [];
    private readonly Queue<(ulong PublisherId, ulong Publication)> _completedOrder = new();
    private long _charged;

    private long _reassembled;
    private long _abandoned;
    private long _duplicated;
    private long _tooLarge;
    private long _inconsistent;
    private long _outOfRange;
    private long _overlapping;
    private long _noRoom;

    public Reassembler(ReassemblyLimits limits)
    {
        _limits = limits;
        _timeoutMilliseconds = (long)Math.Ceiling(limits.ReassemblyTimeout.TotalMilliseconds);
    }

    /// <summary>When the oldest publication in progress is due (<see cref="Expire"/> gives it up then), or null when none is in progress.</summary>
    public long? NextDeadline
    {
        get
        {
            lock (_gate)
            {
                return _oldestFirst.First is { } oldest ? oldest.Value.StartedAt + _timeoutMilliseconds : null;
            }
        }
    }

    /// <summary>
    /// Takes one fragment of <paramref name="publisherId"/>'s publication at time <paramref name="now"/> and says what
    /// became of it; on <see cref="FragmentOutcome.Completed"/>, <paramref name="completed"/> is the whole publication,
    /// handed over once (its fragments arriving again later are duplicates).
    /// </summary>
    public FragmentOutcome Accept(ulong publisherId, in FragmentBody fragment, long now, out ReassembledPublication completed)
    {
        completed = default;
        var outcome = AcceptLocked(publisherId, fragment, now, ref completed);
        FragmentTelemetry.Fragment(outcome);
        return outcome;
    }

    /// <summary>Gives up every publication in progress whose deadline is at or before <paramref name="now"/>; returns how many.</summary>
    public int Expire(long now)
    {
        lock (_gate)
        {
            return ExpireLocked(now);
        }
    }

    /// <summary>
    /// Reliable mode: the runs of bytes of <paramref name="publisherId"/>'s publication <paramref name="publication"/>
    /// not received yet, in order; null when it is not in progress (nothing of it arrived, it was given up, or it is
    /// whole). Allocates only then: a NAK round asks this of every missing number.
    /// </summary>
    public List<FragmentSpan>? MissingOf(ulong publisherId, ulong publication)
    {
        lock (_gate)
        {
            if (_inProgressPerPublisher.Count == 0 || !_inProgress.TryGetValue((publisherId, publication), out var node))
            {
                return null;
            }

            var missing = new List<FragmentSpan>();
            node.Value.AddMissing(missing);
            return missing;
        }
    }

    /// <summary>
    /// Reliable mode: the subscriber gave publication <paramref name="publication"/> of <paramref name="publisherId"/>
    /// up (its repair deadline passed): what arrived of it is released and counted abandoned. Nothing if not in progress.
    /// </summary>
    public void GiveUp(ulong publisherId, ulong publication)
    {
        lock (_gate)
        {
            if (_inProgress.TryGetValue((publisherId, publication), out var node))
            {
                Abandon(node);
            }
        }
    }

    /// <summary>The counts so far and what is in progress now.</summary>
    public FragmentStats Snapshot()
    {
        lock (_gate)
        {
            return new FragmentStats(
                _reassembled, _abandoned, _duplicated, _tooLarge, _inconsistent, _outOfRange, _overlapping, _noRoom, _inProgress.Count, _charged);
        }
    }

    private FragmentOutcome AcceptLocked(ulong publisherId, in FragmentBody fragment, long now, ref ReassembledPublication completed)
    {
        lock (_gate)
        {
            ExpireLocked(now);
            var outcome = Place(publisherId, fragment, now, ref completed);
            Count(outcome);
            return outcome;
        }
    }

    private int ExpireLocked(long now)
    {
        var expired = 0;
        while (_oldestFirst.First is { } oldest && now - oldest.Value.StartedAt >= _timeoutMilliseconds)
        {
            Abandon(oldest);
            expired++;
        }

        return expired;
    }

    private FragmentOutcome Place(ulong publisherId, in FragmentBody fragment, long now, ref ReassembledPublication completed)
    {
        if (fragment.Total > _limits.MaxPublicationSize)
        {
            return FragmentOutcome.TooLarge;
        }

        if ((long)fragment.Offset + fragment.Bytes.Length > fragment.Total)
        {
            return FragmentOutcome.OutOfRange;
        }

        var key = (publisherId, fragment.Publication);
        if (_completed.Contains(key))
        {
            return FragmentOutcome.Duplicate;
        }

        if (_inProgress.TryGetValue(key, out var node))
        {
            return AddTo(node, fragment, ref completed);
        }

        if (fragment.Offset == 0 && fragment.Bytes.Length == fragment.Total)
        {
            // A publication in one fragment (a writer may fragment what would have fit): whole at once, never held.
            completed = new ReassembledPublication(publisherId, fragment.Publication, fragment.Bytes.ToArray());
            Complete(key);
            return FragmentOutcome.Completed;
        }

        if (!MakeRoom(publisherId, Reassembly.InitialCharge(fragment.Total)))
        {
            return FragmentOutcome.NoRoom;
        }

        var reassembly = new Reassembly(publisherId, fragment.Publication, fragment.Total, now);
        reassembly.Add(fragment.Offset, fragment.Bytes);
        node = _oldestFirst.AddLast(reassembly);
        _inProgress.Add(key, node);
        _inProgressPerPublisher[publisherId] = _inProgressPerPublisher.GetValueOrDefault(publisherId) + 1;
        _charged += reassembly.Charge;
        return FragmentOutcome.Added;
    }

    private FragmentOutcome AddTo(LinkedListNode<Reassembly> node, in FragmentBody fragment, ref ReassembledPublication completed)
    {
        var reassembly = node.Value;
        if (fragment.Total != reassembly.Total)
        {
            return FragmentOutcome.Inconsistent;
        }

        var growth = reassembly.GrowthOf(fragment.Offset, fragment.Bytes.Length, out var tooManyRanges);
        if (tooManyRanges || _charged + growth > _limits.MaxReassemblyBytes)
        {
            return FragmentOutcome.NoRoom;
        }

        var chargedBefore = reassembly.Charge;
        var outcome = reassembly.Add(fragment.Offset, fragment.Bytes);
        _charged += reassembly.Charge - chargedBefore;
        if (outcome == FragmentOutcome.Completed)
        {
            Remove(node);
            completed = new ReassembledPublication(reassembly.PublisherId, reassembly.Publication, reassembly.Assemble());
            Complete((reassembly.PublisherId, reassembly.Publication));
        }

        return outcome;
    }

    // Room for one more publication of publisherId charged `charge` bytes: its own oldest ones make way if need be.
    private bool MakeRoom(ulong publisherId, long charge)
    {
        while (_inProgressPerPublisher.GetValueOrDefault(publisherId) >= _limits.MaxReassembliesPerPublisher
            || _inProgress.Count >= _limits.MaxReassemblies
            || _charged + charge > _limits.MaxReassemblyBytes)
        {
            if (OldestOf(publisherId) is not { } own)
            {
                return false;
            }

            Abandon(own);
        }

        return true;
    }

    private LinkedListNode<Reassembly>? OldestOf(ulong publisherId)
    {
        if (!_inProgressPerPublisher.ContainsKey(publisherId))
        {
            return null;
        }

        for (var node = _oldestFirst.First; node is not null; node = node.Next)
        {
            if (node.Value.PublisherId == publisherId)
            {
                return node;
            }
        }

        return null;
    }

    private void Abandon(LinkedListNode<Reassembly> node)
    {
        Remove(node);
        _abandoned = Saturating.Increment(_abandoned);
        FragmentTelemetry.Abandoned();
    }

    private void Remove(LinkedListNode<Reassembly> node)
    {
        var reassembly = node.Value;
        _oldestFirst.Remove(node);
        _inProgress.Remove((reassembly.PublisherId, reassembly.Publication));
        var left = _inProgressPerPublisher[reassembly.PublisherId] - 1;
        if (left == 0)
        {
            _inProgressPerPublisher.Remove(reassembly.PublisherId);
        }
        else
        {
            _inProgressPerPublisher[reassembly.PublisherId] = left;
        }

        _charged -= reassembly.Charge;
    }

    private void Complete((ulong PublisherId, ulong Publication) key)
    {
        _reassembled = Saturating.Increment(_reassembled);
        if (_completedOrder.Count >= RememberedCompletions)
        {
            _completed.Remove(_completedOrder.Dequeue());
        }

        _completed.Add(key);
        _completedOrder.Enqueue(key);
    }

    private void Count(FragmentOutcome outcome)
    {
        switch (outcome)
        {
            case FragmentOutcome.Duplicate:
                _duplicated = Saturating.Increment(_duplicated);
                break;
            case FragmentOutcome.TooLarge:
                _tooLarge = Saturating.Increment(_tooLarge);
                break;
            case FragmentOutcome.Inconsistent:
                _inconsistent = Saturating.Increment(_inconsistent);
                break;
            case FragmentOutcome.OutOfRange:
                _outOfRange = Saturating.Increment(_outOfRange);
                break;
            case FragmentOutcome.Overlapping:
                _overlapping = Saturating.Increment(_overlapping);
                break;
            case FragmentOutcome.NoRoom:
                _noRoom = Saturating.Increment(_noRoom);
                break;
        }
    }
}
