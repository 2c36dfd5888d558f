using TypedDgram.Contracts;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Nats.Tests;

/// <summary>What one subscription received, and a wait for a number of them (bounded: a test never hangs).</summary>
internal sealed class Inbox<T> : IDisposable
    where T : IDatagram<T>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly List<(T Message, RemoteInfo From)> _items = [];
    private readonly IDisposable _subscription;
    private readonly SemaphoreSlim _changed = new(0);

    public Inbox(ITypedBus bus) => _subscription = bus.Subscribe<T>((message, from) =>
    {
        lock (_items)
        {
            _items.Add((message, from));
        }

        _changed.Release();
    });

    public IReadOnlyList<(T Message, RemoteInfo From)> Items
    {
        get
        {
            lock (_items)
            {
                return [.. _items];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> arrived, or <paramref name="patience"/> (30 s by default) passed; returns what arrived.</summary>
    public async Task<IReadOnlyList<(T Message, RemoteInfo From)>> WaitForAsync(int count, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? Patience);
        while (Count < count && DateTime.UtcNow < deadline)
        {
            await _changed.WaitAsync(TimeSpan.FromMilliseconds(100));
        }

        return Items;
    }

    public void Dispose() => _subscription.Dispose();
}

/// <summary>Waits for a condition that another thread makes true, bounded.</summary>
internal static class Eventually
{
    public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
