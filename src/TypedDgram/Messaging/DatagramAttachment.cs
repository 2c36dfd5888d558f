using MessagePack;
using TypedDgram.Contracts;
using TypedDgram.Contracts.Generated;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>
/// A handler object attached to a socket with <see cref="DgramSocketMessaging.Attach{THandlers}(DgramSocket, THandlers, Contracts.DatagramReaderLimits?, int?, QueueFullMode)"/>: it decodes each
/// received datagram on the socket's receive loop and dispatches it. Counts what it saw; dispose to detach.
/// </summary>
/// <remarks>
/// Without a queue, synchronous handlers run on the receive loop, one datagram at a time. An asynchronous handler's
/// ValueTask is not awaited by the loop (the next datagram is not held up); if it faults, the exception goes to the
/// socket's <c>Error</c>. With a queue capacity, a worker dispatches from a bounded queue and
/// awaits each handler, and the receive loop only copies datagrams into the queue.
/// </remarks>
public sealed class DatagramAttachment : IDisposable
{
    private readonly IDatagramTransport _transport;
    private readonly IDatagramHandlers _handlers;
    private readonly DatagramReaderLimits _limits;
    private readonly RawDatagramHandler _receiver;
    private readonly DispatchQueue? _queue;
    private readonly Action? _closed;
    private long _dispatched;
    private long _unhandled;
    private long _malformed;
    private long _unauthenticated;
    private readonly ReplayWindows _windows;
    private readonly RequestResponder _responder;
    private int _disposed;

    // Held from the check against Dispose until the handler has been called (its synchronous part), so that Dispose can
    // wait until no handler is being started: the receive loop calls the receivers it read before Dispose removed this
    // one, and without the wait a handler started after Dispose returned (42-53 of ~1,000 in issue 16, finding 7).
    private readonly Lock _dispatching = new();

    /// <summary>How long <see cref="Dispose"/> waits for a synchronous handler that is running; after it, Dispose returns while that handler still runs.</summary>
    internal static readonly TimeSpan HandlerWaitOnDispose = TimeSpan.FromSeconds(2);

    /// <summary>The response cache's capacity when <c>Attach</c> is not given one.</summary>
    internal const int DefaultResponseCacheCapacity = 256;

    internal DatagramAttachment(IDatagramTransport transport, IDatagramHandlers handlers, DatagramReaderLimits limits, int? queueCapacity, QueueFullMode fullMode, int responseCacheCapacity = DefaultResponseCacheCapacity)
    {
        _transport = transport;
        _windows = ReplayWindows.ForNewReceiver(transport);
        _handlers = handlers;
        _limits = limits;
        _responder = new RequestResponder(transport, responseCacheCapacity);
        if (queueCapacity is { } capacity)
        {
            _queue = new DispatchQueue(capacity, fullMode, DispatchQueuedAsync);
            // What was received before the close is still dispatched.
            _closed = () => _queue.Stop(discard: false);
            try
            {
                transport.OnClosedOrThrow(_closed);
            }
            catch (DgramException)
            {
                // Closed since Attach's check: the close won the race, as it does for any other call, and the worker
                // must not outlive it.
                _queue.Stop(discard: true);
                throw;
            }
        }

        _receiver = Receive;
        transport.AddReceiver(_receiver);
    }

    /// <summary>
    /// Raised on the receive loop for a well-formed datagram whose type id has no handler here, with the id and the sender.
    /// (Another attachment on the same socket may handle it.)
    /// </summary>
    public event Action<uint, RemoteInfo>? Unhandled;

    /// <summary>Datagrams passed to a handler.</summary>
    public long Dispatched => Interlocked.Read(ref _dispatched);

    /// <summary>Well-formed datagrams whose type id has no handler here.</summary>
    public long UnhandledCount => Interlocked.Read(ref _unhandled);

    /// <summary>Datagrams rejected as malformed (each also raised the socket's <c>Error</c>).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>
    /// Datagrams of <c>[Datagram(Authenticated = true)]</c> contracts dropped without a word to <c>Error</c>: no valid
    /// HMAC under the socket's key, or a replay. Each is also counted on the <c>typeddgram.datagrams.dropped</c> meter
    /// with the reason <c>unauthenticated</c> or <c>replayed</c>.
    /// </summary>
    public long Unauthenticated => Interlocked.Read(ref _unauthenticated);

    /// <summary>
    /// Datagrams a full dispatch queue dropped, plus those still queued when the
    /// attachment was disposed; always 0 without a queue.
    /// </summary>
    public long Dropped => _queue?.Dropped ?? 0;

    /// <summary>The pooled-buffer bytes its queue holds now (for tests); 0 without a queue.</summary>
    internal long QueuedBytes => _queue?.QueuedBytes ?? 0;

    /// <summary>
    /// Requests received again from the same sender with the same correlation id (a requester's retry) and not run
    /// again: answered from the response cache, or dropped while the first is still running.
    /// </summary>
    public long DuplicateRequests => _responder.Duplicates;

    /// <summary>Whether <see cref="Dispose"/> has detached it.</summary>
    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>The responder, for tests of its cache.</summary>
    internal RequestResponder Responder => _responder;

    /// <summary>The queue's worker, or a completed task without a queue; it ends after the socket closes or on Dispose (there is no attachment to a closed socket).</summary>
    internal Task Worker => _queue?.Worker ?? Task.CompletedTask;

    /// <summary>
    /// Stops dispatching (datagrams still queued are dropped and counted); the socket keeps running. No handler starts
    /// after this returns: it waits for a synchronous handler running now to return, but at most 2 seconds, so a handler that blocks cannot block the caller. Called from a handler,
    /// it returns at once.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _transport.RemoveReceiver(_receiver);
            if (_closed is not null)
            {
                _transport.RemoveOnClosed(_closed);
            }

            _queue?.Stop(discard: true);
            // The lock is reentrant: a handler disposing its own attachment holds it already and does not wait.
            if (_dispatching.TryEnter(HandlerWaitOnDispose))
            {
                _dispatching.Exit();
            }
        }
    }

    /// <summary>The receive hook: queue, or decode, dispatch and report. Never throws: the loop must go on whatever arrives.</summary>
    internal void Receive(ReadOnlySpan<byte> datagram, RemoteInfo from)
    {
        if (_queue is not null)
        {
            _queue.Enqueue(datagram, from);
            return;
        }

        lock (_dispatching)
        {
            if (IsDisposed)
            {
                return;
            }

            Observe(Dispatch(ReceiveScratch.Copy(datagram), from));
        }
    }

    private async ValueTask DispatchQueuedAsync(ReadOnlyMemory<byte> datagram, RemoteInfo from)
    {
        try
        {
            ValueTask pending;
            lock (_dispatching)
            {
                if (IsDisposed)
                {
                    return;
                }

                pending = Dispatch(datagram, from);
            }

            await pending.ConfigureAwait(false);
        }
        catch (Exception handlerError)
        {
            _transport.ReportError(handlerError);
        }
    }

    /// <summary>Decodes and dispatches one datagram, returning the work of an asynchronous handler and of sending its response (the test host awaits it).</summary>
    internal ValueTask DispatchAsync(ReadOnlyMemory<byte> datagram, RemoteInfo from) => Dispatch(datagram, from);

    // Decodes and dispatches one datagram, counts and reports the outcome; returns an asynchronous handler's work.
    private ValueTask Dispatch(ReadOnlyMemory<byte> datagram, RemoteInfo from)
    {
        var verdict = DatagramAuthenticator.Verify(_transport, _windows, ref datagram);
        if (verdict == DatagramAuthenticator.Verdict.Replayed)
        {
            Interlocked.Increment(ref _unauthenticated);
            MessagingTelemetry.Rejected(MessagingTelemetry.TypeIdForDrop(datagram, _limits), replayed: true);
            return default;
        }

        ResponseCache.Entry? request = null;
        if (DatagramCorrelation.TryStrip(ref datagram, _limits, out var correlation))
        {
            if (correlation.Kind == CorrelationKind.Response)
            {
                // Answers belong to the socket's requests, not to handlers; the requester counts those nobody waits for.
                if (MessagingState.Find(_transport)?.Requester is null)
                {
                    MessagingTelemetry.UnmatchedResponse(datagram);
                }

                return default;
            }

            if (!_responder.TryBegin(correlation.Id, from, out var entry))
            {
                return default;
            }

            request = entry;
        }

        var reader = new MessagePackReader(datagram);
        var context = new DatagramReadContext(_limits, datagram) { Authenticated = verdict == DatagramAuthenticator.Verdict.Authenticated };
        uint typeId = 0;
        DispatchResult result;
        using var activity = MessagingTelemetry.StartDispatch(from);
        try
        {
            result = DatagramEnvelope.TryReadHeader(ref reader, ref context, out typeId, out var memberCount)
                ? _handlers.Dispatch(typeId, ref reader, memberCount, ref context, from)
                : DispatchResult.Malformed;
        }
        catch (Exception handlerError)
        {
            // The reader reports malformed input by returning false; an exception here is the handler's own.
            if (request is not null)
            {
                _responder.Forget(request);
            }

            Interlocked.Increment(ref _dispatched);
            MessagingTelemetry.Dispatched(activity, typeId, DispatchStatus.Handled);
            MessagingTelemetry.Failed(activity, handlerError);
            _transport.ReportError(handlerError);
            return default;
        }

        var unauthenticated = result.Status == DispatchStatus.Malformed && context.Failure == MalformedDatagramReason.Unauthenticated;
        if (!unauthenticated)
        {
            MessagingTelemetry.Dispatched(activity, typeId, result.Status);
        }

        if (request is not null && result.Status is not (DispatchStatus.Handled or DispatchStatus.Started))
        {
            _responder.Forget(request);
        }

        switch (result.Status)
        {
            case DispatchStatus.Handled:
                Interlocked.Increment(ref _dispatched);
                return request is null ? default : Respond(request, result, from);
            case DispatchStatus.Started:
                Interlocked.Increment(ref _dispatched);
                return request is null ? result.Pending : Respond(request, result, from);
            case DispatchStatus.NoHandler:
                Interlocked.Increment(ref _unhandled);
                Unhandled?.Invoke(typeId, from);
                break;
            case DispatchStatus.Malformed when unauthenticated:
                // Not reported to Error: anyone can send these, and each would cost the application an error event.
                Interlocked.Increment(ref _unauthenticated);
                MessagingTelemetry.Rejected(typeId, replayed: false, activity);
                break;
            default:
                Interlocked.Increment(ref _malformed);
                _transport.ReportError(context.ToException(typeId == 0 ? null : typeId, from));
                break;
        }

        return default;
    }

    // A response that cannot be sent (a null one, an authenticated one without a key) is an error of the handler's, reported as one.
    private ValueTask Respond(ResponseCache.Entry request, DispatchResult result, RemoteInfo from)
    {
        try
        {
            return _responder.Finish(request, result, from);
        }
        catch (Exception error)
        {
            return ValueTask.FromException(error);
        }
    }

    private void Observe(ValueTask pending)
    {
        if (!pending.IsCompleted)
        {
            _ = ObserveAsync(pending);
            return;
        }

        try
        {
            pending.GetAwaiter().GetResult();
        }
        catch (Exception handlerError)
        {
            _transport.ReportError(handlerError);
        }
    }

    private async Task ObserveAsync(ValueTask pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception handlerError)
        {
            _transport.ReportError(handlerError);
        }
    }
}
