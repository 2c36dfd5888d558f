using System.Net;
using TypedDgram.Contracts;
using TypedDgram.Contracts.Generated;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>
/// Runs handler classes without an OS socket, for tests: feed it typed messages (or raw bytes) and it dispatches them
/// through the same generated dispatch, serializers and attachment as a socket does, and records what is sent and what
/// would have gone to a socket's <c>Error</c>. Handlers attached to the host itself (<see cref="Attach{THandlers}"/>)
/// answer by returning; handlers that hold a socket get one from <see cref="CreateSocket(string)"/>: a real
/// <see cref="DgramSocket"/> (Node's validation, state checks, callbacks and events) whose engine is in memory, so its
/// sends land in <see cref="Sent"/> and what the host delivers arrives on its <c>Message</c>, attachments and
/// <c>ReceiveAsync</c> streams. The host's sockets also reach each other, as on one machine's loopback.
/// </summary>
/// <example>
/// <code>
/// var host = new DatagramTestHost();
/// var server = new QuoteServer();
/// host.Attach(server);
/// Quote quote = await host.RequestAsync(new GetQuote("ACME"));
/// await host.DeliverAsync(new Ping(1));     // a one-way message
/// Assert.Empty(host.Errors);
///
/// var socket = host.CreateSocket();            // for handlers that reply through a socket
/// socket.Attach(new PongServer(socket));
/// await socket.BindAsync(0, "127.0.0.1");
/// await host.DeliverAsync(new Ping(2));
/// Assert.True(host.Sent[^1].Is&lt;Pong&gt;());
/// </code>
/// </example>
public sealed class DatagramTestHost : IDisposable
{
    private readonly InMemoryTransport _transport = new();
    private readonly InMemoryNetwork _network;
    private readonly object _gate = new();
    private readonly List<DatagramAttachment> _attachments = [];
    private readonly List<DgramSocket> _sockets = [];
    private long _nextCorrelationId;

    /// <summary>An empty host: no attachments, no sockets.</summary>
    public DatagramTestHost()
    {
        _network = new InMemoryNetwork(RecordSocketSend);
    }

    /// <summary>The sender delivered datagrams come from when none is given: 127.0.0.1, port 50000.</summary>
    public RemoteInfo DefaultSender { get; init; } = new("127.0.0.1", "IPv4", 50_000, 0);

    /// <summary>
    /// What was sent, in order: by the attached handlers (each response, and each cached response sent again for a
    /// repeated request), and through the host's sockets (with <see cref="SentDatagram.From"/> set).
    /// </summary>
    public IReadOnlyList<SentDatagram> Sent => _transport.Sent;

    /// <summary>
    /// What a socket would have raised on <c>Error</c> for the host's attachments, and what the host's sockets raised on
    /// theirs: malformed datagrams (<see cref="MalformedDatagramException"/>), handlers' exceptions, failed sends.
    /// </summary>
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
    /// Creates a socket of <paramref name="type"/> (<c>"udp4"</c> or <c>"udp6"</c>) on the host's in-memory network, for
    /// handlers that reply through a socket they hold; see <see cref="CreateSocket(SocketOptions)"/>.
    /// </summary>
    /// <param name="type"><c>"udp4"</c> or <c>"udp6"</c>; anything else throws <c>ERR_SOCKET_BAD_TYPE</c>.</param>
    public DgramSocket CreateSocket(string type = "udp4") => CreateSocket(new SocketOptions { Type = type });

    /// <summary>
    /// Creates a socket as <see cref="Dgram.CreateSocket(SocketOptions, MessageHandler?)"/> does, with the same API and
    /// errors, whose engine is the host's in-memory network instead of the OS: binding takes a port of the host (port 0:
    /// one from 32768 up), its sends are recorded in <see cref="Sent"/> (and reach another of the host's sockets bound at
    /// the destination), and it receives what <see cref="DeliverAsync(ReadOnlyMemory{byte}, RemoteInfo?)"/> delivers
    /// once bound. Its <c>Error</c> events are recorded in <see cref="Errors"/>. Disposing the host closes it.
    /// Batching is ignored (there is no <c>sendmmsg</c> in memory).
    /// </summary>
    /// <param name="options">The socket's type and options.</param>
    public DgramSocket CreateSocket(SocketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _transport.ThrowIfClosed();
        var socket = new DgramSocket(options, _network.CreateEngine);
        socket.Error += _transport.ReportError;
        lock (_gate)
        {
            _sockets.Add(socket);
        }

        return socket;
    }

    /// <summary>
    /// Delivers <paramref name="message"/> as one datagram from <paramref name="from"/> (default: <see cref="DefaultSender"/>)
    /// to every attachment of the host and every bound, open socket it created (a connected one only from its peer; none
    /// when the sender's address is not an IP address), and completes when the host's handlers (asynchronous ones
    /// included) have finished and each socket has delivered it and raised the events that followed. A socket's
    /// asynchronous handlers are not awaited, as on a real socket.
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

        // A sender that is not an IP address (a broker's subject) reaches the host's attachments only: no socket hears it.
        if (IPAddress.TryParse(sender.Address, out var senderAddress))
        {
            await _network.DeliverToAllAsync(datagram.ToArray(), new IPEndPoint(senderAddress, sender.Port)).ConfigureAwait(false);
        }

        DgramSocket[] sockets;
        lock (_gate)
        {
            sockets = [.. _sockets];
        }

        // What the handlers' sends and errors posted (callbacks, Error) has run before the caller looks at Sent and Errors.
        await Task.WhenAll(sockets.Select(socket => socket.WhenEventsDelivered())).ConfigureAwait(false);
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

    /// <summary>Closes the host as a socket closes: attachments end, its sockets close, and every later call throws <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c>.</summary>
    public void Dispose()
    {
        _transport.Close();
        DgramSocket[] sockets;
        lock (_gate)
        {
            foreach (var attachment in _attachments)
            {
                attachment.Dispose();
            }

            _attachments.Clear();
            sockets = [.. _sockets];
            _sockets.Clear();
        }

        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
    }

    private void RecordSocketSend(byte[] datagram, IPEndPoint from, IPEndPoint to) =>
        _transport.RecordSent(new SentDatagram(datagram, to.Port, to.Address.ToString())
        {
            From = new AddressInfo(from.Address.ToString(), from.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "IPv4" : "IPv6", from.Port),
        });

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
