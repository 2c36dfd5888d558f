using System.Buffers;
using System.Threading.Channels;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>
/// The bounded queue between a socket's receive loop and an attachment's handlers: the loop copies each datagram into
/// a pooled array and moves on; one worker dispatches them in order and awaits each handler. A full queue drops by its
/// <see cref="QueueFullMode"/>, and every drop is counted.
/// </summary>
internal sealed class DispatchQueue
{
    private readonly Channel<Queued> _channel;
    private readonly Func<ReadOnlyMemory<byte>, RemoteInfo, ValueTask> _dispatch;
    private long _dropped;

    public DispatchQueue(int capacity, QueueFullMode mode, Func<ReadOnlyMemory<byte>, RemoteInfo, ValueTask> dispatch)
    {
        _dispatch = dispatch;
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

    /// <summary>Copies <paramref name="datagram"/> into the queue, dropping one datagram if it is full. Never blocks.</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram, RemoteInfo from)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(datagram.Length, 1));
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

    private void Discard(Queued queued)
    {
        Interlocked.Increment(ref _dropped);
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
                ArrayPool<byte>.Shared.Return(queued.Buffer);
            }
        }
    }

    private readonly record struct Queued(byte[] Buffer, int Length, RemoteInfo From);
}
