using System.Buffers;
using System.Threading.Tasks.Sources;

namespace TypedDgram.Sockets;

/// <summary>
/// One datagram waiting in a socket's send queue: its bytes in a pooled buffer the request owns, where it goes
/// (<see cref="Port"/> null means the connected peer), and who hears how it went — a <see cref="SendCallback"/>,
/// an awaiting <see cref="ValueTask{TResult}"/>, or else the socket's <c>Error</c> event.
/// </summary>
internal sealed class SendRequest : IValueTaskSource<int>
{
    private const int Queued = 0;
    private const int Sending = 1;
    private const int Cancelled = 2;

    private ManualResetValueTaskSourceCore<int> _completion = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _cancellation;
    private byte[]? _buffer;
    private int _state;

    public SendRequest(byte[] buffer, int length, int? port, string? address, SendCallback? callback)
    {
        _buffer = buffer;
        Length = length;
        Port = port;
        Address = address;
        Callback = callback;
    }

    public int Length { get; }

    public int? Port { get; }

    public string? Address { get; }

    public SendCallback? Callback { get; }

    /// <summary>True when someone awaits <see cref="AsValueTask"/>; errors then go there instead of to <c>Error</c>.</summary>
    public bool IsAwaited { get; private set; }

    public ReadOnlyMemory<byte> Payload => _buffer.AsMemory(0, Length);

    /// <summary>Makes the request awaitable; cancelling the token before the datagram is handed to the OS drops it.</summary>
    public ValueTask<int> AsValueTask(CancellationToken cancellationToken)
    {
        IsAwaited = true;
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((SendRequest)state!).Cancel(token), this);
        }
        return new ValueTask<int>(this, _completion.Version);
    }

    /// <summary>Claims the request for sending; false when it was cancelled first.</summary>
    public bool TryBeginSend() => Interlocked.CompareExchange(ref _state, Sending, Queued) == Queued;

    /// <summary>Gives the pooled buffer back; the request's bytes are gone after this.</summary>
    public void ReleaseBuffer()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
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

    private void Cancel(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
        {
            _completion.SetException(new OperationCanceledException(token));
        }
    }

    int IValueTaskSource<int>.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);
}
