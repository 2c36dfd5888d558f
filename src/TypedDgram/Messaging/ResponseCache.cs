namespace TypedDgram.Messaging;

/// <summary>
/// The requests an attachment has run, by sender and correlation id, with the response each one sent: a request that
/// arrives again (the requester retried because the response, or the request, was lost) is answered from here instead
/// of running its handler twice. Bounded: the oldest entry goes when a new one would exceed the capacity, so a
/// duplicate older than the last <c>capacity</c> requests runs again.
/// </summary>
internal sealed class ResponseCache
{
    private readonly int _capacity;
    private readonly object _gate = new();
    private readonly Dictionary<Key, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _order = new();

    public ResponseCache(int capacity) => _capacity = capacity;

    /// <summary>The entries held now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Starts an entry for a request seen for the first time and returns true; for a request seen before, returns
    /// false and the entry it has (running, answered or finished without an answer).
    /// </summary>
    public bool TryBegin(Key key, out Entry entry)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                entry = existing.Value;
                return false;
            }

            entry = new Entry(key);
            _entries.Add(key, _order.AddLast(entry));
            if (_entries.Count > _capacity)
            {
                var oldest = _order.First!;
                _order.RemoveFirst();
                _entries.Remove(oldest.Value.Key);
            }

            return true;
        }
    }

    /// <summary>Records the response sent for <paramref name="entry"/> (a copy of its bytes).</summary>
    public void Answered(Entry entry, ReadOnlySpan<byte> response)
    {
        var copy = response.ToArray();
        lock (_gate)
        {
            entry.Response = copy;
            entry.Finished = true;
        }
    }

    /// <summary>Records that <paramref name="entry"/>'s handler finished without a response: duplicates are dropped.</summary>
    public void Finished(Entry entry)
    {
        lock (_gate)
        {
            entry.Finished = true;
        }
    }

    /// <summary>Forgets an entry whose request was not handled (no handler, malformed, the handler failed): a retry runs again.</summary>
    public void Forget(Entry entry)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(entry.Key, out var node) && node.Value == entry)
            {
                _entries.Remove(entry.Key);
                _order.Remove(node);
            }
        }
    }

    /// <summary>The state of an entry read under the cache's lock: the response to resend, or why there is none.</summary>
    public (bool Finished, byte[]? Response) Read(Entry entry)
    {
        lock (_gate)
        {
            return (entry.Finished, entry.Response);
        }
    }

    /// <summary>A request's identity: who sent it and the correlation id it chose.</summary>
    public readonly record struct Key(string Address, int Port, ulong Id);

    /// <summary>One request and what came of it.</summary>
    public sealed class Entry(Key key)
    {
        public Key Key { get; } = key;

        public bool Finished { get; set; }

        public byte[]? Response { get; set; }
    }
}
