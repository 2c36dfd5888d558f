using System.Buffers;
using System.Threading.Channels;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>
/// The bounded queue between a socket's receive loop and an attachment's handlers: the loop copies each datagram into
/// a pooled array and moves on; one worker dispatches them in order and awaits each handler. A full queue drops by its
/// <see cref="QueueFullMode"/>, and every drop is counted.
/// </summary>
/// <remarks>
/// Full means <c>capacity</c> datagrams or <see cref="MaxQueuedBytes"/> of pooled buffers, whichever comes first: a
/// count alone let 4,096 queued 64 KB datagrams hold 256 MB, and the largest capacity allowed 64 GB (issue 16, finding 7).
/// </remarks>
internal sealed class DispatchQueue
{
    /// <summary>The most pooled-buffer bytes one queue holds (16 MiB: 256 datagrams of 64 KB, 16,384 of 1 KB).</summary>
    public const long MaxQueuedBytes = 16 * 1024 * 1024;

    private readonly Channel<Queued> _channel;
    private readonly Func<ReadOnlyMemory<byte>, RemoteInfo, ValueTask> _dispatch;
    private readonly QueueFullMode _mode;
    private long _dropped;
    private long _queuedBytes;

    public DispatchQueue(int capacity, QueueFullMode mode, Func<ReadOnlyMemory<byte>, RemoteInfo, ValueTask> dispatch)
    {
        _dispatch = dispatch;
        _mode = mode;
        _channel = Channel.CreateBounded<Queued>(
            new BoundedChannelOptions(capacity)
            {
                FullMode = mode == QueueFullMode.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.DropWrite,
                // Stop(discard: true) drains beside the worker.
                SingleReader = false,
                SingleWriter = true,
            },
            Discard);
        Worker = Task.Run(RunAsync);
    }

    /// <summary>Datagrams dropped because the queue was full, or still queued when it was stopped.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The worker; completes once the queue is stopped and drained or discarded.</summary>
    public Task Worker { get; }

    /// <summary>The pooled-buffer bytes queued now (at most <see cref="MaxQueuedBytes"/>).</summary>
    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    /// <summary>Copies <paramref name="datagram"/> into the queue, dropping by the full mode if it is full (in count or bytes). Never blocks.</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram, RemoteInfo from)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(datagram.Length, 1));
        if (!TryMakeRoom(buffer.Length))
        {
            Interlocked.Increment(ref _dropped);
            ArrayPool<byte>.Shared.Return(buffer);
            return;
        }

        Interlocked.Add(ref _queuedBytes, buffer.Length);
        datagram.CopyTo(buffer);
        if (!_channel.Writer.TryWrite(new Queued(buffer, datagram.Length, from)))
        {
            // Written after Stop: discarded like a datagram still queued then.
            Discard(new Queued(buffer, datagram.Length, from));
        }
    }

    /// <summary>Stops taking datagrams; the worker dispatches what is queued (<paramref name="discard"/> false) or drops it.</summary>
    public void Stop(bool discard)
    {
        _channel.Writer.TryComplete();
        if (discard)
        {
            while (_channel.Reader.TryRead(out var queued))
            {
                Discard(queued);
            }
        }
    }

    // Room for a buffer of `bytes` within MaxQueuedBytes: DropOldest discards the oldest until it fits; DropNewest refuses it.
    private bool TryMakeRoom(int bytes)
    {
        while (QueuedBytes + bytes > MaxQueuedBytes)
        {
            if (_mode != QueueFullMode.DropOldest || !_channel.Reader.TryRead(out var oldest))
            {
                return false;
            }

            Discard(oldest);
        }

        return true;
    }

    private void Discard(Queued queued)
    {
        Interlocked.Increment(ref _dropped);
        Release(queued);
    }

    private void Release(Queued queued)
    {
        Interlocked.Add(ref _queuedBytes, -queued.Buffer.Length);
        ArrayPool<byte>.Shared.Return(queued.Buffer);
    }

    private async Task RunAsync()
    {
        await foreach (var queued in _channel.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                // The dispatcher reports every failure itself.
                await _dispatch(queued.Buffer.AsMemory(0, queued.Length), queued.From).ConfigureAwait(false);
            }
            finally
            {
                Release(queued);
            }
        }
    }

    private readonly record struct Queued(byte[] Buffer, int Length, RemoteInfo From);
}
