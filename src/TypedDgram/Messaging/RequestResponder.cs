using System.Buffers;
using TypedDgram.Contracts;
using TypedDgram.Contracts.Generated;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>
/// An attachment's side of request/response: it sends each request handler's response back to the requester with the
/// request's correlation id, and answers a repeated request (same sender, same id) from its <see cref="ResponseCache"/>
/// instead of running the handler again.
/// </summary>
internal sealed class RequestResponder
{
    private readonly IDatagramTransport _transport;
    private readonly ResponseCache _cache;
    private long _duplicates;

    public RequestResponder(IDatagramTransport transport, int capacity)
    {
        _transport = transport;
        _cache = new ResponseCache(capacity);
    }

    /// <summary>Requests received again and not run again.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>The cache's entries now (for tests).</summary>
    internal int CachedCount => _cache.Count;

    /// <summary>
    /// For a request seen for the first time, returns true and its cache entry, which the caller finishes with
    /// <see cref="Finish"/> or <see cref="Forget"/>. For a repeated one, resends the cached response (or drops the
    /// duplicate while the first is still running, or when it had no response) and returns false.
    /// </summary>
    public bool TryBegin(ulong id, RemoteInfo from, out ResponseCache.Entry entry)
    {
        if (_cache.TryBegin(new ResponseCache.Key(from.Address, from.Port, id), out entry))
        {
            return true;
        }

        Interlocked.Increment(ref _duplicates);
        var (finished, response) = _cache.Read(entry);
        MessagingTelemetry.DuplicateRequest(response is not null ? "resent" : finished ? "no_response" : "in_progress");
        if (response is not null)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(response.Length);
            response.CopyTo(buffer, 0);
            _transport.Send(buffer, response.Length, Destination(from), callback: null);
        }

        return false;
    }

    /// <summary>Forgets a request that was not handled, so that a retry of it runs.</summary>
    public void Forget(ResponseCache.Entry entry) => _cache.Forget(entry);

    /// <summary>
    /// Finishes a request after its dispatch: sends the handler's response (when it returns one) back to the requester,
    /// now or when the asynchronous handler completes; the returned work includes the handler's. A failed handler's
    /// request is forgotten, so that a retry runs it again.
    /// </summary>
    public ValueTask Finish(ResponseCache.Entry entry, DispatchResult result, RemoteInfo from)
    {
        if (result.Response is not { } response)
        {
            _cache.Finished(entry);
            return result.Status == DispatchStatus.Started ? result.Pending : default;
        }

        if (response.Completion is null)
        {
            Send(entry, response, from);
            return default;
        }

        return SendWhenReadyAsync(entry, result.Pending, response, from);
    }

    private async ValueTask SendWhenReadyAsync(ResponseCache.Entry entry, ValueTask handler, PendingResponse response, RemoteInfo from)
    {
        try
        {
            await handler.ConfigureAwait(false);
        }
        catch
        {
            _cache.Forget(entry);
            throw;
        }

        Send(entry, response, from);
    }

    private void Send(ResponseCache.Entry entry, PendingResponse response, RemoteInfo from)
    {
        byte[] buffer;
        int length;
        try
        {
            buffer = response.Serialize(new Correlation(CorrelationKind.Response, entry.Key.Id), out length);
            if (response.Authenticated)
            {
                buffer = DatagramAuthenticator.Append(_transport, buffer, ref length);
            }
        }
        catch
        {
            _cache.Forget(entry);
            throw;
        }

        _cache.Answered(entry, buffer.AsSpan(0, length));
        _transport.Send(buffer, length, Destination(from), callback: null);
    }

    private static TransportDestination Destination(RemoteInfo from) => new(from.Port, from.Address);
}
