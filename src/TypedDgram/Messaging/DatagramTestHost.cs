using TypedDgram.Contracts;
using TypedDgram.Contracts.Generated;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>
/// Runs handler classes without a socket, for tests: feed it typed messages (or raw bytes) and it dispatches them
/// through the same generated dispatch, serializers and attachment as a socket does, awaits asynchronous handlers, and
/// records what the handlers send back (request handlers' responses) and what would have gone to a socket's
/// <c>Error</c>. Only the socket is replaced, by an in-memory transport.
/// </summary>
/// <example>
/// <code>
/// var host = new DatagramTestHost();
/// var server = new QuoteServer();
/// host.Attach(server);
/// Quote quote = await host.RequestAsync(new GetQuote("ACME"));
/// await host.DeliverAsync(new Ping(1));     // a one-way message
/// Assert.Empty(host.Errors);
/// </code>
/// </example>
public sealed class DatagramTestHost : IDisposable
{
    private readonly InMemoryTransport _transport = new();
    private readonly object _gate = new();
    private readonly List<DatagramAttachment> _attachments = [];
    private long _nextCorrelationId;

    /// <summary>The sender delivered datagrams come from when none is given: 127.0.0.1, port 50000.</summary>
    public RemoteInfo DefaultSender { get; init; } = new("127.0.0.1", "IPv4", 50_000, 0);

    /// <summary>What the attached handlers sent, in order: each response, and each cached response sent again for a repeated request.</summary>
    public IReadOnlyList<SentDatagram> Sent => _transport.Sent;

    /// <summary>What a socket would have raised on <c>Error</c>: malformed datagrams (<see cref="MalformedDatagramException"/>) and handlers' exceptions.</summary>
    public IReadOnlyList<Exception> Errors => _transport.Errors;

    /// <summary>
    /// Attaches <paramref name="handlers"/> as <c>socket.Attach</c> does, with a response cache of
    /// <paramref name="responseCacheCapacity"/> requests; every later delivery is dispatched to it. Dispose the result to detach.
    /// </summary>
    public DatagramAttachment Attach<THandlers>(THandlers handlers, int responseCacheCapacity = DatagramAttachment.DefaultResponseCacheCapacity, DatagramReaderLimits? limits = null)
        where THandlers : class, IDatagramHandlers
    {
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(responseCacheCapacity);
        _transport.ThrowIfClosed();
        var attachment = new DatagramAttachment(_transport, handlers, limits ?? DatagramReaderLimits.Default, queueCapacity: null, QueueFullMode.DropOldest, responseCacheCapacity);
        lock (_gate)
        {
            _attachments.Add(attachment);
        }

        return attachment;
    }

    /// <summary>
    /// Delivers <paramref name="message"/> as one datagram from <paramref name="from"/> (default: <see cref="DefaultSender"/>)
    /// to every attachment, and completes when their handlers (asynchronous ones included) have finished.
    /// </summary>
    public Task DeliverAsync<T>(T message, RemoteInfo? from = null)
        where T : IDatagram<T>
    {
        ArgumentNullException.ThrowIfNull(message);
        return DeliverAsync(DatagramEnvelope.Serialize(message), from);
    }

    /// <summary>Delivers raw bytes as one datagram (to test what malformed input does); see <see cref="DeliverAsync{T}(T, RemoteInfo?)"/>.</summary>
    public async Task DeliverAsync(ReadOnlyMemory<byte> datagram, RemoteInfo? from = null)
    {
        _transport.ThrowIfClosed();
        var sender = (from ?? DefaultSender) with { Size = datagram.Length };
        DatagramAttachment[] attachments;
        lock (_gate)
        {
            attachments = [.. _attachments.Where(a => !a.IsDisposed)];
        }

        foreach (var attachment in attachments)
        {
            try
            {
                // Each attachment reads its own copy, as each socket receiver reads the same bytes.
                await attachment.DispatchAsync(datagram.ToArray(), sender).ConfigureAwait(false);
            }
            catch (Exception handlerError)
            {
                _transport.ReportError(handlerError);
            }
        }
    }

    /// <summary>
    /// Delivers <paramref name="request"/> as a request from <paramref name="from"/> with <paramref name="correlationId"/>
    /// (a new one when null; give the same one twice to test a retry), and returns the response the handlers sent back
    /// for it. Throws <see cref="InvalidOperationException"/> when none was sent (no handler, a handler that returns
    /// nothing, a failed handler: see <see cref="Errors"/>, or a repeated request still running).
    /// </summary>
    public async Task<TResponse> RequestAsync<TResponse>(IRequest<TResponse> request, RemoteInfo? from = null, ulong? correlationId = null)
        where TResponse : IDatagram<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = correlationId ?? (ulong)Interlocked.Increment(ref _nextCorrelationId);
        var sentBefore = _transport.Sent.Count;
        await DeliverAsync(request.Accept(new RequestWriter<TResponse>(id)), from).ConfigureAwait(false);
        var response = _transport.Sent.Skip(sentBefore).LastOrDefault(d => d.ResponseTo == id)
            ?? throw new InvalidOperationException($"The attached handlers sent no response to request {id}{(Errors.Count > 0 ? "; Errors has " + Errors.Count + " error(s), the last: " + Errors[^1].Message : string.Empty)}.");
        return response.As<TResponse>();
    }

    /// <summary>Closes the host as a socket closes: attachments end, and every later call throws <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c>.</summary>
    public void Dispose()
    {
        _transport.Close();
        lock (_gate)
        {
            foreach (var attachment in _attachments)
            {
                attachment.Dispose();
            }

            _attachments.Clear();
        }
    }

    private sealed class RequestWriter<TResponse>(ulong id) : IRequestVisitor<TResponse, byte[]>
        where TResponse : IDatagram<TResponse>
    {
        public byte[] Visit<TRequest>(TRequest request)
            where TRequest : IDatagram<TRequest>, IRequest<TResponse>
        {
            var buffer = PooledEnvelope.Serialize(request, new Correlation(CorrelationKind.Request, id), out var length);
            var datagram = buffer.AsSpan(0, length).ToArray();
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            return datagram;
        }
    }
}
