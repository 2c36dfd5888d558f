using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.Liveliness;

/// <summary>Every PublisherJoined and PublisherLost a bus raised, in order, with a bounded wait for one that matches.</summary>
internal sealed class LivelinessLog
{
    private readonly Lock _gate = new();
    private readonly List<PublisherLivelinessEventArgs> _events = [];
    private readonly List<(Func<PublisherLivelinessEventArgs, bool> Match, TaskCompletionSource<PublisherLivelinessEventArgs> Found)> _waiters = [];

    public LivelinessLog(ITypedBus bus)
    {
        bus.PublisherJoined += Add;
        bus.PublisherLost += Add;
    }

    public IReadOnlyList<PublisherLivelinessEventArgs> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The events about <paramref name="publisherId"/>, as (joined?, reason).</summary>
    public IReadOnlyList<PublisherLivelinessReason> Of(ulong publisherId) =>
        [.. Events.Where(e => e.PublisherId == publisherId).Select(e => e.Reason)];

    /// <summary>How many events were raised so far: the <c>from</c> of a <see cref="WhenAsync"/> for events after this moment.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>
    /// The first event (already raised from the <paramref name="from"/>th on, or to come) for which <paramref name="match"/>
    /// holds; fails with what was raised after <paramref name="timeout"/>.
    /// </summary>
    public async Task<PublisherLivelinessEventArgs> WhenAsync(Func<PublisherLivelinessEventArgs, bool> match, int from = 0, TimeSpan? timeout = null)
    {
        var found = new TaskCompletionSource<PublisherLivelinessEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_events.Skip(from).FirstOrDefault(match) is { } already)
            {
                return already;
            }

            _waiters.Add((match, found));
        }

        var wait = timeout ?? Loopback.Timeout;
        try
        {
            return await found.Task.WaitAsync(wait);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {wait} for a liveliness event; raised: {string.Join(", ", Events.Select(e => $"{e.PublisherId:x16} {e.Reason}"))}");
        }
    }

    private void Add(PublisherLivelinessEventArgs change)
    {
        lock (_gate)
        {
            _events.Add(change);
            foreach (var waiter in _waiters.Where(w => w.Match(change)))
            {
                waiter.Found.TrySetResult(change);
            }
        }
    }
}
