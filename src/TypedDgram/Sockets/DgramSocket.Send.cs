using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

public sealed partial class DgramSocket
{
    // One ordered send path per socket: requests wait here (also while an implicit bind runs) and one drain at a time sends them.
    private readonly Queue<SendRequest> _sendQueue = new();
    private readonly SendRequestPool _requests = new();
    private bool _draining;
    private long _pendingBytes;
    private long _pendingCount;

    // Only the drain touches these: the last destination, so repeated sends to one IP literal allocate nothing.
    private string? _lastHost;
    private int _lastPort;
    private SocketAddress? _lastDestination;

    /// <summary>
    /// Sends one datagram (Node's <c>send(msg[, offset, length][, port][, address][, callback])</c>). On a connected
    /// socket leave <paramref name="port"/> and <paramref name="address"/> out; otherwise <paramref name="port"/> is
    /// required and <paramref name="address"/> defaults to <c>127.0.0.1</c> / <c>::1</c>. The bytes are copied before
    /// this returns; an unbound socket binds first. Throws <c>ERR_SOCKET_BAD_PORT</c>, <c>ERR_BUFFER_OUT_OF_BOUNDS</c>,
    /// <c>ERR_SOCKET_DGRAM_IS_CONNECTED</c>, <c>ERR_INVALID_ARG_VALUE</c> (offset without length) or
    /// <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c>; later failures go to <paramref name="callback"/>, else to <see cref="Error"/>.
    /// </summary>
    /// <param name="msg">The datagram's bytes.</param>
    /// <param name="offset">Where the datagram starts in <paramref name="msg"/>; only with <paramref name="length"/>.</param>
    /// <param name="length">How many bytes to send; only with <paramref name="offset"/>.</param>
    /// <param name="port">The destination port, 1..65535; null on a connected socket.</param>
    /// <param name="address">The destination host name or address; null on a connected socket.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(ReadOnlyMemory<byte> msg, int? offset = null, int? length = null, int? port = null, string? address = null, SendCallback? callback = null) =>
        SendCore(OutgoingMessage.From(msg), offset, length, port, address, callback);

    /// <summary>Sends <paramref name="msg"/> to <paramref name="port"/> on <paramref name="address"/>; see <see cref="Send(ReadOnlyMemory{byte}, int?, int?, int?, string?, SendCallback?)"/>.</summary>
    /// <param name="msg">The datagram's bytes.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="address">The destination; null for <c>127.0.0.1</c> / <c>::1</c>.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(ReadOnlyMemory<byte> msg, int port, string? address = null, SendCallback? callback = null) =>
        SendCore(OutgoingMessage.From(msg), null, null, port, address, callback);

    /// <summary>Sends <paramref name="msg"/> to <paramref name="port"/> on the loopback address; see <see cref="Send(ReadOnlyMemory{byte}, int?, int?, int?, string?, SendCallback?)"/>.</summary>
    /// <param name="msg">The datagram's bytes.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(ReadOnlyMemory<byte> msg, int port, SendCallback? callback) =>
        SendCore(OutgoingMessage.From(msg), null, null, port, null, callback);

    /// <summary>Sends <paramref name="msg"/> to the connected peer; see <see cref="Send(ReadOnlyMemory{byte}, int?, int?, int?, string?, SendCallback?)"/>.</summary>
    /// <param name="msg">The datagram's bytes.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(ReadOnlyMemory<byte> msg, SendCallback? callback) =>
        SendCore(OutgoingMessage.From(msg), null, null, null, null, callback);

    /// <summary>Sends part of <paramref name="msg"/> to the connected peer; see <see cref="Send(ReadOnlyMemory{byte}, int?, int?, int?, string?, SendCallback?)"/>.</summary>
    /// <param name="msg">The message's bytes.</param>
    /// <param name="offset">Where the datagram starts.</param>
    /// <param name="length">How many bytes to send.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(ReadOnlyMemory<byte> msg, int offset, int length, SendCallback? callback) =>
        SendCore(OutgoingMessage.From(msg), offset, length, null, null, callback);

    /// <summary>Sends part of <paramref name="msg"/> to <paramref name="port"/> on the loopback address; see <see cref="Send(ReadOnlyMemory{byte}, int?, int?, int?, string?, SendCallback?)"/>.</summary>
    /// <param name="msg">The message's bytes.</param>
    /// <param name="offset">Where the datagram starts.</param>
    /// <param name="length">How many bytes to send.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(ReadOnlyMemory<byte> msg, int offset, int length, int port, SendCallback? callback) =>
        SendCore(OutgoingMessage.From(msg), offset, length, port, null, callback);

    /// <summary>Sends <paramref name="msg"/> as UTF-8; offset and length count UTF-8 bytes, as in Node. See <see cref="Send(ReadOnlyMemory{byte}, int?, int?, int?, string?, SendCallback?)"/>.</summary>
    /// <param name="msg">The text.</param>
    /// <param name="offset">Where the datagram starts, in UTF-8 bytes; only with <paramref name="length"/>.</param>
    /// <param name="length">How many UTF-8 bytes to send; only with <paramref name="offset"/>.</param>
    /// <param name="port">The destination port, 1..65535; null on a connected socket.</param>
    /// <param name="address">The destination host name or address; null on a connected socket.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(string msg, int? offset = null, int? length = null, int? port = null, string? address = null, SendCallback? callback = null) =>
        SendCore(OutgoingMessage.From(msg), offset, length, port, address, callback);

    /// <summary>Sends <paramref name="msg"/> as UTF-8 to <paramref name="port"/> on <paramref name="address"/>.</summary>
    /// <param name="msg">The text.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="address">The destination; null for <c>127.0.0.1</c> / <c>::1</c>.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(string msg, int port, string? address = null, SendCallback? callback = null) =>
        SendCore(OutgoingMessage.From(msg), null, null, port, address, callback);

    /// <summary>Sends <paramref name="msg"/> as UTF-8 to <paramref name="port"/> on the loopback address.</summary>
    /// <param name="msg">The text.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(string msg, int port, SendCallback? callback) =>
        SendCore(OutgoingMessage.From(msg), null, null, port, null, callback);

    /// <summary>Sends <paramref name="msg"/> as UTF-8 to the connected peer.</summary>
    /// <param name="msg">The text.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(string msg, SendCallback? callback) =>
        SendCore(OutgoingMessage.From(msg), null, null, null, null, callback);

    /// <summary>Sends part of the UTF-8 bytes of <paramref name="msg"/> to the connected peer.</summary>
    /// <param name="msg">The text.</param>
    /// <param name="offset">Where the datagram starts, in UTF-8 bytes.</param>
    /// <param name="length">How many UTF-8 bytes to send.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(string msg, int offset, int length, SendCallback? callback) =>
        SendCore(OutgoingMessage.From(msg), offset, length, null, null, callback);

    /// <summary>Sends part of the UTF-8 bytes of <paramref name="msg"/> to <paramref name="port"/> on the loopback address.</summary>
    /// <param name="msg">The text.</param>
    /// <param name="offset">Where the datagram starts, in UTF-8 bytes.</param>
    /// <param name="length">How many UTF-8 bytes to send.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(string msg, int offset, int length, int port, SendCallback? callback) =>
        SendCore(OutgoingMessage.From(msg), offset, length, port, null, callback);

    /// <summary>Sends the buffers of <paramref name="msg"/>, concatenated, as ONE datagram (Node forbids offset and length here).</summary>
    /// <param name="msg">The buffers; an empty list sends an empty datagram.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="address">The destination; null for <c>127.0.0.1</c> / <c>::1</c>.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(IReadOnlyList<byte[]> msg, int port, string? address = null, SendCallback? callback = null) =>
        SendCore(OutgoingMessage.From(msg), null, null, port, address, callback);

    /// <summary>Sends the buffers of <paramref name="msg"/> as one datagram to <paramref name="port"/> on the loopback address.</summary>
    /// <param name="msg">The buffers.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(IReadOnlyList<byte[]> msg, int port, SendCallback? callback) =>
        SendCore(OutgoingMessage.From(msg), null, null, port, null, callback);

    /// <summary>Sends the buffers of <paramref name="msg"/> as one datagram to the connected peer.</summary>
    /// <param name="msg">The buffers.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(IReadOnlyList<byte[]> msg, SendCallback? callback = null) =>
        SendCore(OutgoingMessage.From(msg), null, null, null, null, callback);

    /// <summary>Sends the buffers of <paramref name="msg"/>, concatenated, as ONE datagram.</summary>
    /// <param name="msg">The buffers; an empty list sends an empty datagram.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="address">The destination; null for <c>127.0.0.1</c> / <c>::1</c>.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(IReadOnlyList<ReadOnlyMemory<byte>> msg, int port, string? address = null, SendCallback? callback = null) =>
        SendCore(OutgoingMessage.From(msg), null, null, port, address, callback);

    /// <summary>Sends the buffers of <paramref name="msg"/> as one datagram to <paramref name="port"/> on the loopback address.</summary>
    /// <param name="msg">The buffers.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(IReadOnlyList<ReadOnlyMemory<byte>> msg, int port, SendCallback? callback) =>
        SendCore(OutgoingMessage.From(msg), null, null, port, null, callback);

    /// <summary>Sends the buffers of <paramref name="msg"/> as one datagram to the connected peer.</summary>
    /// <param name="msg">The buffers.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(IReadOnlyList<ReadOnlyMemory<byte>> msg, SendCallback? callback = null) =>
        SendCore(OutgoingMessage.From(msg), null, null, null, null, callback);

    /// <summary>
    /// Sends one datagram and completes with the number of bytes sent; failures fault the task instead of raising
    /// <see cref="Error"/>. Throws like <see cref="Send(ReadOnlyMemory{byte}, int, string?, SendCallback?)"/>. Cancelling
    /// the token drops the datagram if it has not been handed to the OS yet.
    /// </summary>
    /// <param name="msg">The datagram's bytes.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="address">The destination; null for <c>127.0.0.1</c> / <c>::1</c>.</param>
    /// <param name="cancellationToken">Drops the datagram while it waits.</param>
    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> msg, int port, string? address = null, CancellationToken cancellationToken = default) =>
        SendCoreAsync(OutgoingMessage.From(msg), port, address, cancellationToken);

    /// <summary>Sends one datagram to the connected peer; see <see cref="SendAsync(ReadOnlyMemory{byte}, int, string?, CancellationToken)"/>.</summary>
    /// <param name="msg">The datagram's bytes.</param>
    /// <param name="cancellationToken">Drops the datagram while it waits.</param>
    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> msg, CancellationToken cancellationToken = default) =>
        SendCoreAsync(OutgoingMessage.From(msg), null, null, cancellationToken);

    /// <summary>Sends <paramref name="msg"/> as UTF-8; see <see cref="SendAsync(ReadOnlyMemory{byte}, int, string?, CancellationToken)"/>.</summary>
    /// <param name="msg">The text.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="address">The destination; null for <c>127.0.0.1</c> / <c>::1</c>.</param>
    /// <param name="cancellationToken">Drops the datagram while it waits.</param>
    public ValueTask<int> SendAsync(string msg, int port, string? address = null, CancellationToken cancellationToken = default) =>
        SendCoreAsync(OutgoingMessage.From(msg), port, address, cancellationToken);

    /// <summary>Sends <paramref name="msg"/> as UTF-8 to the connected peer.</summary>
    /// <param name="msg">The text.</param>
    /// <param name="cancellationToken">Drops the datagram while it waits.</param>
    public ValueTask<int> SendAsync(string msg, CancellationToken cancellationToken = default) =>
        SendCoreAsync(OutgoingMessage.From(msg), null, null, cancellationToken);

    /// <summary>Sends the buffers of <paramref name="msg"/> as one datagram.</summary>
    /// <param name="msg">The buffers.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="address">The destination; null for <c>127.0.0.1</c> / <c>::1</c>.</param>
    /// <param name="cancellationToken">Drops the datagram while it waits.</param>
    public ValueTask<int> SendAsync(IReadOnlyList<byte[]> msg, int port, string? address = null, CancellationToken cancellationToken = default) =>
        SendCoreAsync(OutgoingMessage.From(msg), port, address, cancellationToken);

    /// <summary>Sends the buffers of <paramref name="msg"/> as one datagram to the connected peer.</summary>
    /// <param name="msg">The buffers.</param>
    /// <param name="cancellationToken">Drops the datagram while it waits.</param>
    public ValueTask<int> SendAsync(IReadOnlyList<byte[]> msg, CancellationToken cancellationToken = default) =>
        SendCoreAsync(OutgoingMessage.From(msg), null, null, cancellationToken);

    /// <summary>Sends the buffers of <paramref name="msg"/> as one datagram.</summary>
    /// <param name="msg">The buffers.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="address">The destination; null for <c>127.0.0.1</c> / <c>::1</c>.</param>
    /// <param name="cancellationToken">Drops the datagram while it waits.</param>
    public ValueTask<int> SendAsync(IReadOnlyList<ReadOnlyMemory<byte>> msg, int port, string? address = null, CancellationToken cancellationToken = default) =>
        SendCoreAsync(OutgoingMessage.From(msg), port, address, cancellationToken);

    /// <summary>Sends the buffers of <paramref name="msg"/> as one datagram to the connected peer.</summary>
    /// <param name="msg">The buffers.</param>
    /// <param name="cancellationToken">Drops the datagram while it waits.</param>
    public ValueTask<int> SendAsync(IReadOnlyList<ReadOnlyMemory<byte>> msg, CancellationToken cancellationToken = default) =>
        SendCoreAsync(OutgoingMessage.From(msg), null, null, cancellationToken);

    /// <summary>The number of bytes waiting to be sent (Node's <c>getSendQueueSize</c>); 0 when idle.</summary>
    public long GetSendQueueSize() => Interlocked.Read(ref _pendingBytes);

    /// <summary>The number of sends waiting to complete (Node's <c>getSendQueueCount</c>); 0 when idle.</summary>
    public long GetSendQueueCount() => Interlocked.Read(ref _pendingCount);

    /// <summary>
    /// Sends <paramref name="length"/> bytes of a buffer rented from <see cref="ArrayPool{T}.Shared"/>, taking ownership
    /// without a copy: the socket returns it to the pool after the send (or when this throws). Same validation,
    /// ordering, implicit bind and errors as <c>Send</c>.
    /// </summary>
    internal void SendPooled(byte[] rentedBuffer, int length, int? port, string? address, SendCallback? callback) =>
        Enqueue(CreatePooledRequest(rentedBuffer, length, port, address, callback));

    /// <summary>The awaitable form of <see cref="SendPooled"/>.</summary>
    internal ValueTask<int> SendPooledAsync(byte[] rentedBuffer, int length, int? port, string? address, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            ArrayPool<byte>.Shared.Return(rentedBuffer);
            return ValueTask.FromCanceled<int>(ct);
        }
        var request = CreatePooledRequest(rentedBuffer, length, port, address, null);
        var completion = request.AsValueTask(ct);
        Enqueue(request);
        return completion;
    }

    private void SendCore(OutgoingMessage message, int? offset, int? length, int? port, string? address, SendCallback? callback) =>
        Enqueue(CreateRequest(message, offset, length, port, address, callback));

    private ValueTask<int> SendCoreAsync(OutgoingMessage message, int? port, string? address, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }
        var request = CreateRequest(message, null, null, port, address, null);
        var completion = request.AsValueTask(cancellationToken);
        Enqueue(request);
        return completion;
    }

    /// <summary>
    /// Node's <c>send</c> prologue, in its order: slice the message (offset/length), check the destination against
    /// the connect state, validate the port, then <c>healthCheck</c>; only then are the bytes copied.
    /// </summary>
    private SendRequest CreateRequest(OutgoingMessage message, int? offset, int? length, int? port, string? address, SendCallback? callback)
    {
        var (start, count) = Arguments.Slice(message.Length, offset, length);
        int? destinationPort = ValidateDestination(port, address);
        HealthCheck();
        var request = _requests.Rent();
        if (_batching && count <= SendRequest.RetainedMaxSize)
        {
            var retained = request.Retained(count);
            message.CopyTo(start, count, retained);
            return request.Start(retained, count, destinationPort, address, callback);
        }
        return request.Start(message.CopyToPooled(start, count), count, destinationPort, address, callback);
    }

    private SendRequest CreatePooledRequest(byte[] rentedBuffer, int length, int? port, string? address, SendCallback? callback)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(rentedBuffer);
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(length, rentedBuffer.Length);
            int? destinationPort = ValidateDestination(port, address);
            HealthCheck();
            var request = _requests.Rent();
            if (_batching && length <= SendRequest.RetainedMaxSize)
            {
                // Copied so the rented array goes back to the pool on this thread (see SendRequest.Retained).
                var retained = request.Retained(length);
                rentedBuffer.AsSpan(0, length).CopyTo(retained);
                ArrayPool<byte>.Shared.Return(rentedBuffer);
                return request.Start(retained, length, destinationPort, address, callback);
            }
            return request.Start(rentedBuffer, length, destinationPort, address, callback);
        }
        catch when (rentedBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(rentedBuffer);
            throw;
        }
    }

    /// <summary>A connected socket takes no destination (<c>ERR_SOCKET_DGRAM_IS_CONNECTED</c>); any other needs a port 1..65535.</summary>
    private int? ValidateDestination(int? port, string? address)
    {
        bool connected;
        lock (_gate)
        {
            connected = _connectState == ConnectState.Connected;
        }
        if (connected)
        {
            return port is null && string.IsNullOrEmpty(address) ? null : throw DgramErrors.IsConnected();
        }
        return Arguments.ValidatePort(port, allowZero: false);
    }

    private void Enqueue(SendRequest request)
    {
        bool bind;
        bool drain;
        lock (_gate)
        {
            if (_socket is null)
            {
                request.ReleaseBuffer();
                request.Release();
                throw DgramErrors.NotRunning();
            }
            bind = BeginImplicitBindLocked();
            _sendQueue.Enqueue(request);
            // Interlocked as in FinishSend, which runs outside the lock (on another thread once a send had to wait).
            Interlocked.Add(ref _pendingBytes, request.Length);
            Interlocked.Increment(ref _pendingCount);
            drain = _bindState == BindState.Bound && !_draining;
            _draining |= drain;
        }
        if (bind)
        {
            StartImplicitBind();
        }
        if (drain)
        {
            StartDrain();
        }
    }

    private void StartDrainIfIdle()
    {
        bool drain;
        lock (_gate)
        {
            drain = _socket is not null && _bindState == BindState.Bound && !_draining && _sendQueue.Count > 0;
            _draining |= drain;
        }
        if (drain)
        {
            StartDrain();
        }
    }

    /// <summary>
    /// Sends the queued datagrams in order. Runs inline in the caller of <c>Send</c> until the first send that does
    /// not complete at once, so an idle socket sends without a thread switch (libuv's try-send).
    /// </summary>
    private async Task DrainSendQueueAsync()
    {
        while (true)
        {
            SendRequest? request;
            Socket? socket;
            lock (_gate)
            {
                socket = _socket;
                if (socket is null || !_sendQueue.TryDequeue(out request))
                {
                    _draining = false;
                    return;
                }
            }
            if (!request.TryBeginSend())
            {
                FinishSend(request, null, 0, reportUnheard: false);
                continue;
            }
            await SendOneAsync(socket, request, null).ConfigureAwait(false);
        }
    }

    /// <summary>Starts the drain: inline (see <see cref="DrainSendQueueAsync"/>), or with batching on the thread pool.</summary>
    private void StartDrain()
    {
        if (BatchingSends)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static socket => _ = socket.DrainSendQueueBatchedAsync(), this, preferLocal: false);
        }
        else
        {
            _ = DrainSendQueueAsync();
        }
    }

    /// <summary>
    /// Sends one claimed request with one <c>sendto</c>, waiting for room in the send buffer if need be, and completes it.
    /// <paramref name="destination"/>: already resolved, or null to resolve it here.
    /// </summary>
    private async ValueTask SendOneAsync(Socket socket, SendRequest request, SocketAddress? destination)
    {
        DgramException? error = null;
        int sent = 0;
        try
        {
            destination ??= request.Port is int port
                ? await DestinationAsync(request.Address, port).ConfigureAwait(false)
                : ConnectedPeerAddress();
            // Off Linux, as after EAGAIN on it: .NET's SendToAsync, which waits for room when the buffer is full.
            int direct = LinuxSyscalls.Available ? DirectSend.SendTo(socket.SafeHandle, request.Payload.Span, destination) : -LinuxSyscalls.EAGAIN;
            if (direct >= 0)
            {
                sent = direct;
            }
            else if (direct is -LinuxSyscalls.EAGAIN or -LinuxSyscalls.EINTR)
            {
                sent = await socket.SendToAsync(request.Payload, SocketFlags.None, destination).ConfigureAwait(false);
            }
            else
            {
                error = SendError(socket, -direct, request);
            }
        }
        catch (DgramException exception)
        {
            error = exception;
        }
        catch (Exception exception) when (exception is ObjectDisposedException || Volatile.Read(ref _socket) != socket)
        {
            error = DgramErrors.NotRunning();
        }
        catch (SocketException exception)
        {
            error = SendError(exception, request);
        }
        SocketTelemetry.SendFinished(error?.Code, sent);
        FinishSend(request, error, sent, reportUnheard: Volatile.Read(ref _socket) is not null);
    }

    private DgramException SendError(SocketException exception, SendRequest request) =>
        SystemErrors.From(exception, "send", request.Port is null ? null : HostOrLoopback(request.Address), request.Port);

    // A send the kernel refused with errno; once the socket is closing (its descriptor shut down: EPIPE, EBADF),
    // NOT_RUNNING, as the .NET path reports a send cut short by Close.
    private DgramException SendError(Socket socket, int errno, SendRequest request) =>
        Volatile.Read(ref _socket) != socket ? DgramErrors.NotRunning() : SendError(LinuxErrno.ToException(errno), request);

    /// <summary>
    /// Completes a send: the queue counters, the pooled buffer, then its callback (posted), its task, or — for an
    /// error nobody else hears — <see cref="Error"/>.
    /// </summary>
    private void FinishSend(SendRequest request, DgramException? error, int bytes, bool reportUnheard)
    {
        Interlocked.Add(ref _pendingBytes, -request.Length);
        Interlocked.Decrement(ref _pendingCount);
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
            ReportError(error);
        }
        request.Release();
    }

    // Its own method: a lambda capturing FinishSend's parameters would allocate its closure on every send, callback or not.
    private void PostCallback(SendCallback callback, DgramException? error, int bytes) => _events.Post(() => callback(error, bytes));

    private List<SendRequest> TakeSendQueueLocked()
    {
        List<SendRequest> taken = [.. _sendQueue];
        _sendQueue.Clear();
        return taken;
    }

    private string HostOrLoopback(string? address) => string.IsNullOrEmpty(address) ? _resolver.LoopbackAddress : address;

    private async ValueTask<SocketAddress> DestinationAsync(string? address, int port)
    {
        string host = HostOrLoopback(address);
        if (_lastDestination is not null && port == _lastPort && string.Equals(host, _lastHost, StringComparison.Ordinal))
        {
            return _lastDestination;
        }
        // Only IP literals resolved without a custom lookup may be reused: a host name can change, and a custom lookup sees every send, as in Node.
        bool literal = !_resolver.HasCustomLookup && AddressResolver.TryParseLiteral(host, out _);
        IPAddress resolved = await _resolver.ResolveAsync(host).ConfigureAwait(false);
        SocketAddress destination = _resolver.ToEndPoint(resolved, port, "send", host).Serialize();
        if (literal)
        {
            (_lastHost, _lastPort, _lastDestination) = (host, port, destination);
        }
        return destination;
    }
}
