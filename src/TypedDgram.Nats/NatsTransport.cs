using System.Buffers;
using NATS.Client.Core;
using TypedDgram.Sockets;

namespace TypedDgram.Nats;

/// <summary>
/// <see cref="IDatagramTransport"/> over one NATS connection: a send publishes the bytes to the destination's subject
/// (<see cref="TransportDestination.Address"/>), and every message of the connection's subscriptions reaches the
/// receivers, one at a time, with a <see cref="RemoteInfo"/> that names its subject (docs/architecture.md, "RemoteInfo
/// without a UDP sender"). The same promises as a socket: bytes handed to a send are returned to the pool, errors reach
/// <c>Error</c> later, nothing is received after close.
/// </summary>
internal sealed class NatsTransport : IDatagramTransport, IAsyncDisposable
{
    /// <summary><see cref="RemoteInfo.Family"/> of every datagram a NATS transport receives.</summary>
    public const string Family = "nats";

    private readonly NatsConnection _connection;
    private readonly bool _failWhenDisconnected;
    private readonly Lock _gate = new();
    private readonly Lock _deliverGate = new();
    private readonly List<Action> _closedHandlers = [];
    private readonly List<INatsSub<NatsMemoryOwner<byte>>> _subscriptions = [];
    private readonly List<Task> _loops = [];
    private RawDatagramHandler[] _receivers = [];
    private object? _layerState;
    private bool _closed;

    private long _published;
    private long _publishedWhileDisconnected;
    private long _publishFailed;
    private long _disconnects;
    private long _reconnects;
    private long _droppedByClient;
    private int _opened;

    private NatsTransport(NatsConnection connection, bool failWhenDisconnected)
    {
        _connection = connection;
        _failWhenDisconnected = failWhenDisconnected;
        _connection.ConnectionDisconnected += OnDisconnected;
        _connection.ConnectionOpened += OnOpened;
        _connection.MessageDropped += OnMessageDropped;
    }

    /// <summary>The transport's own failures, raised later on the thread pool (<see cref="ReportError"/>).</summary>
    public event Action<Exception>? Error;

    /// <summary>The connection's counts.</summary>
    public NatsConnectionStats Stats => new(
        Interlocked.Read(ref _published),
        Interlocked.Read(ref _publishedWhileDisconnected),
        Interlocked.Read(ref _publishFailed),
        Interlocked.Read(ref _disconnects),
        Interlocked.Read(ref _reconnects),
        Interlocked.Read(ref _droppedByClient));

    /// <inheritdoc/>
    public object? LayerState => Volatile.Read(ref _layerState);

    /// <summary>
    /// Connects with <paramref name="options"/> and subscribes to <paramref name="subjects"/> (in
    /// <paramref name="queueGroup"/>, if any) and to <paramref name="everyMember"/> (never in a queue group); messages
    /// flow to the receivers added from then on.
    /// </summary>
    public static async Task<NatsTransport> ConnectAsync(
        NatsOpts options, IReadOnlyList<string> subjects, string? queueGroup, IReadOnlyList<string> everyMember, bool failWhenDisconnected, CancellationToken cancellationToken)
    {
        var connection = new NatsConnection(options);
        var transport = new NatsTransport(connection, failWhenDisconnected);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (subject, queue) in subjects.Select(subject => (subject, queueGroup)).Concat(everyMember.Select(subject => (subject, (string?)null))))
            {
                var subscription = await connection.SubscribeCoreAsync<NatsMemoryOwner<byte>>(subject, queue, cancellationToken: cancellationToken).ConfigureAwait(false);
                transport._subscriptions.Add(subscription);
            }

            // A PING round trip: the server has every subscription before anyone publishes to it.
            await connection.PingAsync(cancellationToken).ConfigureAwait(false);
            foreach (var subscription in transport._subscriptions)
            {
                transport._loops.Add(Task.Run(() => transport.ReceiveAsync(subscription), CancellationToken.None));
            }

            return transport;
        }
        catch (Exception error) when (error is NatsException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            var refusedCredentials = error.ToString().Contains("Authorization Violation", StringComparison.OrdinalIgnoreCase)
                || error.ToString().Contains("authentication", StringComparison.OrdinalIgnoreCase);
            throw new DgramException(
                refusedCredentials ? "EACCES" : "ECONNREFUSED",
                refusedCredentials
                    ? $"NATS at {options.Url} refused this bus's credentials ({error.Message}): check Username/Password, Token or CredsFile against the server's configuration."
                    : $"Cannot connect to NATS at {options.Url} ({error.Message}): check that a server is running there (nats-server -a ADDRESS -p PORT) and that the credentials and TLS options match its configuration.",
                error);
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public bool TrySetLayerState(object state) => Interlocked.CompareExchange(ref _layerState, state, null) is null;

    /// <inheritdoc/>
    public void AddReceiver(RawDatagramHandler receiver)
    {
        lock (_gate)
        {
            _receivers = [.. _receivers, receiver];
        }
    }

    /// <inheritdoc/>
    public void RemoveReceiver(RawDatagramHandler receiver)
    {
        lock (_gate)
        {
            _receivers = [.. _receivers.Where(r => r != receiver)];
        }
    }

    /// <inheritdoc/>
    public void Send(byte[] rentedBuffer, int length, TransportDestination destination, SendCallback? callback)
    {
        var send = SendAsync(rentedBuffer, length, destination, CancellationToken.None);
        if (send.IsCompletedSuccessfully)
        {
            callback?.Invoke(null, send.Result);
            return;
        }

        _ = CompleteAsync(send, callback);
    }

    private async Task CompleteAsync(ValueTask<int> send, SendCallback? callback)
    {
        try
        {
            var sent = await send.ConfigureAwait(false);
            callback?.Invoke(null, sent);
        }
        catch (Exception error)
        {
            // As a socket's send: the failure goes to the callback, else to Error.
            var failure = error as DgramException ?? new DgramException("EIO", $"Publishing to NATS failed: {error.Message}", error);
            if (callback is null)
            {
                ReportError(failure);
            }
            else
            {
                callback(failure, 0);
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<int> SendAsync(byte[] rentedBuffer, int length, TransportDestination destination, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _closed))
        {
            ArrayPool<byte>.Shared.Return(rentedBuffer);
            return ValueTask.FromException<int>(DgramErrors.NotRunning());
        }

        if (_connection.ConnectionState != NatsConnectionState.Open)
        {
            Interlocked.Increment(ref _publishedWhileDisconnected);
            if (_failWhenDisconnected)
            {
                ArrayPool<byte>.Shared.Return(rentedBuffer);
                Interlocked.Increment(ref _publishFailed);
                return ValueTask.FromException<int>(new DgramException(
                    "ENOTCONN",
                    $"Not published to {destination.Address}: the NATS connection is down (reconnecting to {_connection.Opts.Url}). This bus's WhileDisconnected option is Fail; set it to Buffer to let the client keep publications until it reconnects."));
            }
        }

        ValueTask publish;
        try
        {
            publish = _connection.PublishAsync(destination.Address!, new ReadOnlyMemory<byte>(rentedBuffer, 0, length), cancellationToken: cancellationToken);
        }
        catch (Exception error)
        {
            ArrayPool<byte>.Shared.Return(rentedBuffer);
            Interlocked.Increment(ref _publishFailed);
            return ValueTask.FromException<int>(error);
        }

        if (publish.IsCompletedSuccessfully)
        {
            // The client has copied the payload into its write buffer by the time the publish completes.
            ArrayPool<byte>.Shared.Return(rentedBuffer);
            Interlocked.Increment(ref _published);
            return new ValueTask<int>(length);
        }

        return AwaitPublish(publish, rentedBuffer, length);
    }

    /// <inheritdoc/>
    public void ReportError(Exception error) => ThreadPool.UnsafeQueueUserWorkItem(static state => state.Transport.Error?.Invoke(state.Error), (Transport: this, Error: error), preferLocal: false);

    /// <inheritdoc/>
    public void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closed))
        {
            throw DgramErrors.NotRunning();
        }
    }

    /// <inheritdoc/>
    public void OnClosedOrThrow(Action handler)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            _closedHandlers.Add(handler);
        }
    }

    /// <inheritdoc/>
    public void RemoveOnClosed(Action handler)
    {
        lock (_gate)
        {
            _closedHandlers.Remove(handler);
        }
    }

    /// <summary>Unsubscribes, waits for the last delivery (at most 2 seconds, as a socket's close), closes the connection and runs the closed handlers; calling it again does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        Action[] handlers;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            handlers = [.. _closedHandlers];
            _closedHandlers.Clear();
        }

        foreach (var subscription in _subscriptions)
        {
            try
            {
                await subscription.UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (Exception error) when (error is NatsException or ObjectDisposedException)
            {
                // The connection is going away anyway; the server forgets the subscription with it.
            }
        }

        try
        {
            // As a socket's close: wait for a delivery in progress, but not forever for a stuck handler (Deliver checks
            // _closed, so nothing new is delivered either way).
            await Task.WhenAll(_loops).WaitAsync(DgramSocket.ReceiveLoopWaitOnClose).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The loop stays with its handler; the connection closes under it.
        }

        _connection.ConnectionDisconnected -= OnDisconnected;
        _connection.ConnectionOpened -= OnOpened;
        _connection.MessageDropped -= OnMessageDropped;
        await _connection.DisposeAsync().ConfigureAwait(false);
        foreach (var handler in handlers)
        {
            handler();
        }
    }

    private async Task ReceiveAsync(INatsSub<NatsMemoryOwner<byte>> subscription)
    {
        await foreach (var message in subscription.Msgs.ReadAllAsync().ConfigureAwait(false))
        {
            using var data = message.Data;
            Deliver(data.Memory.Span, message.Subject);
        }
    }

    private void Deliver(ReadOnlySpan<byte> payload, string subject)
    {
        // One at a time across subscriptions, as a socket's receive loop delivers.
        lock (_deliverGate)
        {
            if (Volatile.Read(ref _closed))
            {
                return;
            }

            var from = new RemoteInfo(subject, Family, 0, payload.Length);
            foreach (var receiver in Volatile.Read(ref _receivers))
            {
                try
                {
                    receiver(payload, from);
                }
                catch (Exception error)
                {
                    ReportError(error);
                }
            }
        }
    }

    private async ValueTask<int> AwaitPublish(ValueTask publish, byte[] rentedBuffer, int length)
    {
        try
        {
            await publish.ConfigureAwait(false);
            Interlocked.Increment(ref _published);
            return length;
        }
        catch
        {
            Interlocked.Increment(ref _publishFailed);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rentedBuffer);
        }
    }

    private ValueTask OnDisconnected(object? sender, NatsEventArgs args)
    {
        Interlocked.Increment(ref _disconnects);
        return ValueTask.CompletedTask;
    }

    private ValueTask OnOpened(object? sender, NatsEventArgs args)
    {
        // The first open is the initial connect; every later one is a reconnect.
        if (Interlocked.Exchange(ref _opened, 1) != 0)
        {
            Interlocked.Increment(ref _reconnects);
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask OnMessageDropped(object? sender, NatsMessageDroppedEventArgs args)
    {
        Interlocked.Increment(ref _droppedByClient);
        return ValueTask.CompletedTask;
    }
}
