using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

/// <summary>
/// A socket's one ordered send path (Node's send queue): requests wait here, also while an implicit bind runs, and one
/// drain at a time hands them to the OS, in order. It completes every request it took: the queue counters, the pooled
/// buffer, then the request's callback (posted), its task, or the socket's <c>Error</c> for an error nobody else hears.
/// </summary>
/// <remarks>
/// The socket decides when sending may start (once bound) and validates arguments first, as Node's <c>send</c>
/// prologue does; the queue owns how the bytes are held and how they leave. It shares the socket's state lock so that
/// queueing a send and closing the socket are each one step: a send is either in the queue <see cref="CloseLocked"/>
/// takes, or refused.
/// </remarks>
internal sealed class SendQueue
{
    /// <summary>
    /// The most bytes the queue holds (16 MiB, what <c>GetSendQueueSize</c> can reach): a send that would pass it, while
    /// anything is queued, fails with <c>ENOBUFS</c> instead of being queued. Without it, eight threads sending 512-byte
    /// datagrams for 10 s queued 5.8 M of them (3.8 GB of heap; issue 16, finding 4).
    /// </summary>
    public const long MaxPendingBytes = 16 * 1024 * 1024;

    private readonly Lock _gate;
    private readonly ISocketEngine _engine;
    private readonly EventQueue _events;
    private readonly Action<Exception> _reportError;
    private readonly SendDestinations _destinations;
    private readonly SendRequestPool _requests = new();
    private readonly Queue<SendRequest> _queue = new();
    private readonly BatchedDrain? _batched;
    private bool _draining;
    private volatile bool _closed;
    private long _pendingBytes;
    private long _pendingCount;

    /// <param name="gate">The socket's state lock; the queue's own state is guarded by it too.</param>
    /// <param name="engine">The engine the datagrams leave through (the OS socket, or the test host's in-memory one).</param>
    /// <param name="destinations">Resolves where each request goes.</param>
    /// <param name="events">The socket's event queue, where send callbacks run.</param>
    /// <param name="reportError">Raises the socket's <c>Error</c> (later, on the thread pool).</param>
    /// <param name="batching">Drain through <c>sendmmsg</c> where the platform has it (<see cref="SocketOptions.Batching"/>).</param>
    public SendQueue(Lock gate, ISocketEngine engine, SendDestinations destinations, EventQueue events, Action<Exception> reportError, bool batching)
    {
        _gate = gate;
        _engine = engine;
        _destinations = destinations;
        _events = events;
        _reportError = reportError;
        _batched = batching && LinuxSyscalls.Available && engine.BatchingSocket is not null ? new BatchedDrain(this) : null;
    }

    /// <summary>True while sends go through <c>sendmmsg</c>: batching asked for, on 64-bit Linux, and not refused by the kernel.</summary>
    public bool BatchingSends => _batched is { Available: true };

    /// <summary>The bytes waiting to be sent (Node's <c>getSendQueueSize</c>).</summary>
    public long PendingBytes => Interlocked.Read(ref _pendingBytes);

    /// <summary>The sends waiting to complete (Node's <c>getSendQueueCount</c>).</summary>
    public long PendingCount => Interlocked.Read(ref _pendingCount);

    /// <summary>Whether <see cref="CloseLocked"/> has run: nothing more is sent, and a send cut short reports <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c>.</summary>
    internal bool IsClosed => _closed;

    /// <summary>The OS socket the batched drain hands to <c>sendmmsg</c>; only a batching queue (an OS engine) asks.</summary>
    internal Socket Socket => _engine.BatchingSocket ?? throw new InvalidOperationException("Only a socket on the OS engine batches its sends.");

    internal SendDestinations Destinations => _destinations;

    /// <summary>A request holding a copy of <paramref name="count"/> bytes of <paramref name="message"/> from <paramref name="start"/>.</summary>
    public SendRequest Copy(OutgoingMessage message, int start, int count, int? port, string? address, SendCallback? callback)
    {
        var request = _requests.Rent();
        if (_batched is not null && count <= SendRequest.RetainedMaxSize)
        {
            var retained = request.Retained(count);
            message.CopyTo(start, count, retained);
            return request.Start(retained, count, port, address, callback);
        }
        return request.Start(message.CopyToPooled(start, count), count, port, address, callback);
    }

    /// <summary>A request that takes ownership of <paramref name="rentedBuffer"/> (from <see cref="ArrayPool{T}.Shared"/>).</summary>
    public SendRequest Adopt(byte[] rentedBuffer, int length, int? port, string? address, SendCallback? callback)
    {
        var request = _requests.Rent();
        if (_batched is not null && length <= SendRequest.RetainedMaxSize)
        {
            // Copied so the rented array goes back to the pool on this thread (see SendRequest.Retained).
            var retained = request.Retained(length);
            rentedBuffer.AsSpan(0, length).CopyTo(retained);
            ArrayPool<byte>.Shared.Return(rentedBuffer);
            return request.Start(retained, length, port, address, callback);
        }
        return request.Start(rentedBuffer, length, port, address, callback);
    }

    /// <summary>Queues a request; true when the caller must <see cref="StartDrain"/> (after releasing the lock). Call under the lock.</summary>
    /// <param name="request">The request, which the queue now owns.</param>
    /// <param name="canSend">Whether the socket is bound; otherwise the request waits for <see cref="TryBeginDrainLocked"/>.</param>
    public bool EnqueueLocked(SendRequest request, bool canSend)
    {
        _queue.Enqueue(request);
        // Interlocked as in Finish, which runs outside the lock (on another thread once a send had to wait).
        Interlocked.Add(ref _pendingBytes, request.Length);
        Interlocked.Increment(ref _pendingCount);
        return TryBeginDrainLocked(canSend);
    }

    /// <summary>
    /// Whether a request of <paramref name="length"/> bytes fits under <see cref="MaxPendingBytes"/>; an empty queue
    /// takes any one request, so that a datagram too large for UDP still gets its <c>EMSGSIZE</c>. Call under the lock.
    /// </summary>
    public bool HasRoomLocked(int length)
    {
        long pending = PendingBytes;
        return pending == 0 || pending + length <= MaxPendingBytes;
    }

    /// <summary>
    /// Answers a request <see cref="HasRoomLocked"/> refused with <c>ENOBUFS</c> (to its callback, its task, or
    /// <c>Error</c>), as the kernel answers a send when its buffers are exhausted. The request was never counted.
    /// </summary>
    public void RefuseFull(SendRequest request)
    {
        var error = new DgramException(
            DgramErrorCode.NoBufferSpace,
            string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"send ENOBUFS (the send queue holds {PendingBytes} bytes in {PendingCount} datagrams and takes at most {MaxPendingBytes}; wait for send callbacks or tasks, or for GetSendQueueSize() to fall, before sending more)"))
        {
            Syscall = "send",
        };
        SocketTelemetry.SendFinished(error.Code, 0);
        Complete(request, error, 0, reportUnheard: true);
    }

    /// <summary>Claims the drain when sending may start and nobody drains; true when the caller must <see cref="StartDrain"/>. Call under the lock.</summary>
    public bool TryBeginDrainLocked(bool canSend)
    {
        bool drain = canSend && !_closed && !_draining && _queue.Count > 0;
        _draining |= drain;
        return drain;
    }

    /// <summary>
    /// Claims the drain for a send on the caller's thread, as libuv tries <c>uv_udp_try_send</c> before it queues: only
    /// when sending may start, nothing is queued and no drain runs (so the send keeps its place in order), and the
    /// socket does not batch (its drain gathers sends on the thread pool). True when the caller must now call
    /// <see cref="SendClaimed"/>. Call under the lock.
    /// </summary>
    public bool TryClaimIdleLocked(bool canSend)
    {
        if (!canSend || _closed || _draining || _batched is not null || _queue.Count > 0)
        {
            return false;
        }
        _draining = true;
        return true;
    }

    /// <summary>
    /// Sends one datagram from the caller's bytes on the drain <see cref="TryClaimIdleLocked"/> claimed: no request, no
    /// copy, no queue, one <c>sendto</c>. A finished send (sent, or failed as a queued one fails) releases the claim; the
    /// caller reports it (<see cref="Report"/>, or its task). One that must wait keeps the claim, and the caller hands a
    /// request for it to <see cref="ContinueClaimed"/>.
    /// </summary>
    /// <param name="payload">The datagram.</param>
    /// <param name="port">The destination port; null for the connected peer.</param>
    /// <param name="address">The destination host or address; null for loopback.</param>
    /// <param name="peer">The connected peer, read with the claim; null when not connected.</param>
    public InlineSend SendClaimed(ReadOnlySpan<byte> payload, int? port, string? address, SocketAddress? peer)
    {
        DgramException? error = null;
        int sent = 0;
        try
        {
            if (!_destinations.TryResolveNow(port, address, peer, out var destination))
            {
                return InlineSend.MustWait(null);
            }
            if (!_engine.TrySendTo(payload, destination, out sent))
            {
                return InlineSend.MustWait(destination);
            }
        }
        catch (DgramException exception)
        {
            error = exception;
        }
        catch (Exception exception) when (exception is ObjectDisposedException || _closed)
        {
            error = DgramErrors.NotRunning();
        }
        catch (SocketException exception)
        {
            error = SendError(exception, port, address, payload.Length);
        }
        catch
        {
            // Not a send's failure but a bug: the drain must not stay claimed by a send that is gone.
            ReleaseClaim();
            throw;
        }
        SocketTelemetry.SendFinished(error?.Code, sent);
        ReleaseClaim();
        return InlineSend.Done(sent, error);
    }

    /// <summary>
    /// Sends <paramref name="request"/>, for which <see cref="SendClaimed"/> must wait, on the drain it still holds,
    /// then whatever queued up meanwhile; <paramref name="destination"/> is what it resolved, or null.
    /// </summary>
    public void ContinueClaimed(SendRequest request, SocketAddress? destination)
    {
        Interlocked.Add(ref _pendingBytes, request.Length);
        Interlocked.Increment(ref _pendingCount);
        _ = SendThenDrainAsync(request, destination);
    }

    /// <summary>
    /// Reports a send <see cref="SendClaimed"/> finished to whoever hears it, as <see cref="Finish"/> does for a queued
    /// one: <paramref name="callback"/> (posted), else the socket's <c>Error</c> for an error while it is open.
    /// </summary>
    public void Report(SendCallback? callback, InlineSend outcome)
    {
        if (callback is not null)
        {
            PostCallback(callback, outcome.Error, outcome.Bytes);
        }
        else if (outcome.Error is { } error && !_closed)
        {
            _reportError(error);
        }
    }

    // Gives the drain back after an inline send; what other threads queued meanwhile is sent now, in order.
    private void ReleaseClaim()
    {
        bool more;
        lock (_gate)
        {
            more = !_closed && _queue.Count > 0;
            _draining = more;
        }
        if (more)
        {
            _ = DrainAsync();
        }
    }

    private async Task SendThenDrainAsync(SendRequest request, SocketAddress? destination)
    {
        if (request.TryBeginSend())
        {
            await SendOneAsync(request, destination).ConfigureAwait(false);
        }
        else
        {
            Finish(request, null, 0, reportUnheard: false);
        }
        await DrainAsync().ConfigureAwait(false);
    }

    /// <summary>Takes every queued request (a failed bind answers them). Call under the lock.</summary>
    public List<SendRequest> TakeAllLocked()
    {
        List<SendRequest> taken = [.. _queue];
        _queue.Clear();
        return taken;
    }

    /// <summary>Stops sending for good and takes what was still queued; answer them with <see cref="FailAll"/>. Call under the lock.</summary>
    public List<SendRequest> CloseLocked()
    {
        _closed = true;
        return TakeAllLocked();
    }

    /// <summary>Completes requests that will never be sent with <paramref name="error"/>, to their callbacks and tasks only.</summary>
    public void FailAll(List<SendRequest> requests, DgramException error)
    {
        foreach (var request in requests)
        {
            Finish(request, error, 0, reportUnheard: false);
        }
    }

    /// <summary>
    /// Starts the drain claimed by <see cref="EnqueueLocked"/> or <see cref="TryBeginDrainLocked"/>: inline in the
    /// caller until the first send that does not complete at once, so an idle socket sends without a thread switch
    /// (libuv's try-send); with batching, on the thread pool so that sends queue up behind it while it works.
    /// </summary>
    public void StartDrain()
    {
        if (_batched is { Available: true } batched)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static drain => _ = drain.RunAsync(), batched, preferLocal: false);
        }
        else
        {
            _ = DrainAsync();
        }
    }

    /// <summary>Test hook: from now on, <c>sendmmsg</c> answers ENOSYS as on a kernel without it.</summary>
    public void SimulateMissingBatchCalls() => _batched?.SimulateMissingSyscall();

    /// <summary>Sends the queued requests one at a time, in order, until the queue is empty or closed.</summary>
    internal async Task DrainAsync()
    {
        while (TryTakeNext(out var request))
        {
            if (!request.TryBeginSend())
            {
                Finish(request, null, 0, reportUnheard: false);
                continue;
            }
            await SendOneAsync(request, null).ConfigureAwait(false);
        }
    }

    /// <summary>The next queued request; false (and the drain released) once the queue is empty or closed.</summary>
    private bool TryTakeNext([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SendRequest? request)
    {
        lock (_gate)
        {
            if (!_closed && _queue.TryDequeue(out request))
            {
                return true;
            }
            _draining = false;
            request = null;
            return false;
        }
    }

    /// <summary>Takes up to <paramref name="into"/>'s length of queued requests; 0 (and the drain released) once the queue is empty or closed.</summary>
    internal int TakeUpTo(SendRequest?[] into)
    {
        lock (_gate)
        {
            int count = 0;
            if (!_closed)
            {
                while (count < into.Length && _queue.TryDequeue(out var request))
                {
                    into[count++] = request;
                }
            }
            if (count == 0)
            {
                _draining = false;
            }
            return count;
        }
    }

    /// <summary>
    /// Sends one claimed request with one <c>sendto</c>, waiting for room in the send buffer if need be, and completes it.
    /// <paramref name="destination"/>: already resolved, or null to resolve it here.
    /// </summary>
    internal async ValueTask SendOneAsync(SendRequest request, SocketAddress? destination)
    {
        DgramException? error = null;
        int sent = 0;
        try
        {
            destination ??= await _destinations.ResolveAsync(request).ConfigureAwait(false);
            sent = await _engine.SendToAsync(request.Payload, destination).ConfigureAwait(false);
        }
        catch (DgramException exception)
        {
            error = exception;
        }
        catch (Exception exception) when (exception is ObjectDisposedException || _closed)
        {
            error = DgramErrors.NotRunning();
        }
        catch (SocketException exception)
        {
            error = SendError(exception, request);
        }
        SocketTelemetry.SendFinished(error?.Code, sent);
        Finish(request, error, sent, reportUnheard: !_closed);
    }

    internal DgramException SendError(SocketException exception, SendRequest request) =>
        SendError(exception, request.Port, request.Address, request.Length);

    private DgramException SendError(SocketException exception, int? port, string? address, int length)
    {
        var error = SystemErrors.From(exception, "send", port is null ? null : _destinations.HostOrLoopback(address), port);
        return error.Code == DgramErrorCode.MessageTooLong ? SystemErrors.WithSize(error, length, _engine.Family) : error;
    }

    // A send the kernel refused with errno; once the socket is closing (its descriptor shut down: EPIPE, EBADF),
    // NOT_RUNNING, as the .NET path reports a send cut short by Close.
    internal DgramException SendError(int errno, SendRequest request) =>
        _closed ? DgramErrors.NotRunning() : SendError(LinuxErrno.ToException(errno), request);

    /// <summary>
    /// Completes a send: the queue counters, the pooled buffer, then its callback (posted), its task, or — for an
    /// error nobody else hears, while the socket is open — <c>Error</c>.
    /// </summary>
    internal void Finish(SendRequest request, DgramException? error, int bytes, bool reportUnheard)
    {
        Interlocked.Add(ref _pendingBytes, -request.Length);
        Interlocked.Decrement(ref _pendingCount);
        Complete(request, error, bytes, reportUnheard);
    }

    // The pooled buffer, then the callback (posted), the task, or Error; then the request goes back to its pool.
    private void Complete(SendRequest request, DgramException? error, int bytes, bool reportUnheard)
    {
        request.ReleaseBuffer();
        if (request.Callback is { } callback)
        {
            PostCallback(callback, error, bytes);
        }
        else if (request.IsAwaited)
        {
            request.CompleteAwaiter(error, bytes);
        }
        else if (error is not null && reportUnheard)
        {
            _reportError(error);
        }
        request.Release();
    }

    // Its own method: a lambda capturing Finish's parameters would allocate its closure on every send, callback or not.
    private void PostCallback(SendCallback callback, DgramException? error, int bytes) => _events.Post(() => callback(error, bytes));
}
