using System.Buffers;
using System.Threading.Tasks.Sources;

namespace TypedDgram.Sockets;

/// <summary>
/// One datagram waiting in a socket's send queue: its bytes in a pooled buffer the request owns, where it goes
/// (<see cref="Port"/> null means the connected peer), and who hears how it went — a <see cref="SendCallback"/>,
/// an awaiting <see cref="ValueTask{TResult}"/>, or else the socket's <c>Error</c> event.
/// </summary>
/// <remarks>
/// Requests are reused (<see cref="SendRequestPool"/>), so a steady stream of sends allocates nothing. A request goes
/// back to the pool once every holder has let go: the send path after <c>FinishSend</c>, and for an awaited request
/// also the awaiter after <c>GetResult</c> (a request cancelled in the queue is awaited before it is dequeued).
/// </remarks>
internal sealed class SendRequest : IValueTaskSource<int>
{
    private const int Queued = 0;
    private const int Sending = 1;
    private const int Cancelled = 2;

    /// <summary>The largest datagram a request copies into a buffer of its own (see <see cref="Retained"/>).</summary>
    public const int RetainedMaxSize = 2048;

    private readonly SendRequestPool _pool;
    private ManualResetValueTaskSourceCore<int> _completion = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _cancellation;
    private byte[]? _buffer;
    private byte[]? _retained;
    private int _state;
    private int _holders;

    public SendRequest(SendRequestPool pool)
    {
        _pool = pool;
    }

    public int Length { get; private set; }

    public int? Port { get; private set; }

    public string? Address { get; private set; }

    public SendCallback? Callback { get; private set; }

    /// <summary>True when someone awaits <see cref="AsValueTask"/>; errors then go there instead of to <c>Error</c>.</summary>
    public bool IsAwaited { get; private set; }

    public ReadOnlyMemory<byte> Payload => _buffer.AsMemory(0, Length);

    /// <summary>
    /// A buffer of at least <paramref name="length"/> bytes (at most <see cref="RetainedMaxSize"/>) that stays with the
    /// request from send to send. Batching sockets copy datagrams into it: their drain recycles requests on another
    /// thread than the one that sends, and <see cref="ArrayPool{T}.Shared"/> keeps only a few dozen arrays per core, so
    /// pooled arrays handed across threads were allocated anew for almost every datagram.
    /// </summary>
    public byte[] Retained(int length)
    {
        if (_retained is null || _retained.Length < length)
        {
            _retained = new byte[Math.Max(256, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)length))];
        }
        return _retained;
    }

    /// <summary>Fills a fresh or reused request; it owns <paramref name="buffer"/> (pooled, or its <see cref="Retained"/> one) from now on.</summary>
    public SendRequest Start(byte[] buffer, int length, int? port, string? address, SendCallback? callback)
    {
        _buffer = buffer;
        Length = length;
        Port = port;
        Address = address;
        Callback = callback;
        IsAwaited = false;
        _state = Queued;
        _holders = 1;
        return this;
    }

    /// <summary>Makes the request awaitable; cancelling the token before the datagram is handed to the OS drops it.</summary>
    public ValueTask<int> AsValueTask(CancellationToken cancellationToken)
    {
        IsAwaited = true;
        _holders = 2;
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((SendRequest)state!).Cancel(token), this);
        }
        return new ValueTask<int>(this, _completion.Version);
    }

    /// <summary>Claims the request for sending; false when it was cancelled first.</summary>
    public bool TryBeginSend() => Interlocked.CompareExchange(ref _state, Sending, Queued) == Queued;

    /// <summary>Gives the pooled buffer back (the retained one stays); the request's bytes are gone after this.</summary>
    public void ReleaseBuffer()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer && buffer != _retained)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Completes an awaited request (a no-op for one that is not awaited or was cancelled).</summary>
    public void CompleteAwaiter(DgramException? error, int bytes)
    {
        if (!IsAwaited || Volatile.Read(ref _state) == Cancelled)
        {
            return;
        }
        _cancellation.Dispose();
        if (error is null)
        {
            _completion.SetResult(bytes);
        }
        else
        {
            _completion.SetException(error);
        }
    }

    /// <summary>The send path is done with the request (after it finished, or when it was never queued).</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _holders) == 0)
        {
            Recycle();
        }
    }

    private void Recycle()
    {
        _cancellation = default;
        _completion.Reset();
        Callback = null;
        Address = null;
        _pool.Return(this);
    }

    private void Cancel(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
        {
            _completion.SetException(new OperationCanceledException(token));
        }
    }

    int IValueTaskSource<int>.GetResult(short token)
    {
        // A stale token is the caller's mistake (GetResult throws); it must not recycle the request a second time.
        bool current = token == _completion.Version;
        try
        {
            return _completion.GetResult(token);
        }
        finally
        {
            if (current)
            {
                Release();
            }
        }
    }

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);
}
