using TypedDgram.Sockets;

namespace TypedDgram.Tests.PubSub;

/// <summary>What a test's subscription received, in order, with a way to wait for a count of them.</summary>
internal sealed class Inbox<T>
{
    private readonly Lock _gate = new();
    private readonly List<(T Message, RemoteInfo From)> _items = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    public void Add(T message, RemoteInfo from)
    {
        lock (_gate)
        {
            _items.Add((message, from));
            foreach (var waiter in _waiters.Where(w => _items.Count >= w.Count))
            {
                waiter.Reached.TrySetResult();
            }
        }
    }

    public IReadOnlyList<T> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _items.Select(i => i.Message)];
            }
        }
    }

    public IReadOnlyList<RemoteInfo> Senders
    {
        get
        {
            lock (_gate)
            {
                return [.. _items.Select(i => i.From)];
            }
        }
    }

    /// <summary>Completes when <paramref name="count"/> have arrived; fails with what did arrive after <see cref="Loopback.Timeout"/>.</summary>
    public async Task WhenCount(int count)
    {
        TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_items.Count >= count)
            {
                return;
            }

            _waiters.Add((count, reached));
        }

        try
        {
            await reached.Task.Within();
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Waited {Loopback.Timeout} for {count} publications; {Messages.Count} arrived: {string.Join(", ", Messages)}");
        }
    }
}
