using System.Buffers;

namespace TypedDgram.Sockets;

public sealed partial class DgramSocket
{
    /// <summary>
    /// Sends one datagram (Node's <c>send(msg[, offset, length][, port][, address][, callback])</c>). On a connected
    /// socket leave <paramref name="port"/> and <paramref name="address"/> out; otherwise <paramref name="port"/> is
    /// required and <paramref name="address"/> defaults to <c>127.0.0.1</c> / <c>::1</c>. The bytes are copied before
    /// this returns; an unbound socket binds first. Throws <c>ERR_SOCKET_BAD_PORT</c>, <c>ERR_BUFFER_OUT_OF_BOUNDS</c>,
    /// <c>ERR_SOCKET_DGRAM_IS_CONNECTED</c>, <c>ERR_INVALID_ARG_VALUE</c> (offset without length) or
    /// <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c>; later failures go to <paramref name="callback"/>, else to <see cref="Error"/>.
    /// A send that finds 16 MiB already queued is not queued: it fails with <c>ENOBUFS</c> the same way (back-pressure,
    /// as a full kernel buffer answers; docs/node-mapping.md).
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

    /// <summary>
    /// Sends the array <paramref name="msg"/>; see <see cref="Send(ReadOnlyMemory{byte}, int?, int?, int?, string?, SendCallback?)"/>.
    /// A null array throws <c>ERR_INVALID_ARG_TYPE</c> as in Node, where it would otherwise become an empty datagram.
    /// </summary>
    /// <param name="msg">The datagram's bytes.</param>
    /// <param name="offset">Where the datagram starts in <paramref name="msg"/>; only with <paramref name="length"/>.</param>
    /// <param name="length">How many bytes to send; only with <paramref name="offset"/>.</param>
    /// <param name="port">The destination port, 1..65535; null on a connected socket.</param>
    /// <param name="address">The destination host name or address; null on a connected socket.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(byte[] msg, int? offset = null, int? length = null, int? port = null, string? address = null, SendCallback? callback = null) =>
        SendCore(OutgoingMessage.From(msg), offset, length, port, address, callback);

    /// <summary>Sends the array <paramref name="msg"/> to <paramref name="port"/> on <paramref name="address"/>; null throws <c>ERR_INVALID_ARG_TYPE</c>.</summary>
    /// <param name="msg">The datagram's bytes.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="address">The destination; null for <c>127.0.0.1</c> / <c>::1</c>.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(byte[] msg, int port, string? address = null, SendCallback? callback = null) =>
        SendCore(OutgoingMessage.From(msg), null, null, port, address, callback);

    /// <summary>Sends the array <paramref name="msg"/> to <paramref name="port"/> on the loopback address; null throws <c>ERR_INVALID_ARG_TYPE</c>.</summary>
    /// <param name="msg">The datagram's bytes.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(byte[] msg, int port, SendCallback? callback) =>
        SendCore(OutgoingMessage.From(msg), null, null, port, null, callback);

    /// <summary>Sends the array <paramref name="msg"/> to the connected peer; null throws <c>ERR_INVALID_ARG_TYPE</c>.</summary>
    /// <param name="msg">The datagram's bytes.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(byte[] msg, SendCallback? callback) =>
        SendCore(OutgoingMessage.From(msg), null, null, null, null, callback);

    /// <summary>Sends part of the array <paramref name="msg"/> to the connected peer; null throws <c>ERR_INVALID_ARG_TYPE</c>.</summary>
    /// <param name="msg">The message's bytes.</param>
    /// <param name="offset">Where the datagram starts.</param>
    /// <param name="length">How many bytes to send.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(byte[] msg, int offset, int length, SendCallback? callback) =>
        SendCore(OutgoingMessage.From(msg), offset, length, null, null, callback);

    /// <summary>Sends part of the array <paramref name="msg"/> to <paramref name="port"/> on the loopback address; null throws <c>ERR_INVALID_ARG_TYPE</c>.</summary>
    /// <param name="msg">The message's bytes.</param>
    /// <param name="offset">Where the datagram starts.</param>
    /// <param name="length">How many bytes to send.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="callback">Called with the error or the number of bytes sent.</param>
    public void Send(byte[] msg, int offset, int length, int port, SendCallback? callback) =>
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
    /// the token drops the datagram if it has not been handed to the OS yet. With 16 MiB already queued the task fails
    /// with <c>ENOBUFS</c> instead of waiting.
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

    /// <summary>Sends the array <paramref name="msg"/>; see <see cref="SendAsync(ReadOnlyMemory{byte}, int, string?, CancellationToken)"/>. A null array throws <c>ERR_INVALID_ARG_TYPE</c>.</summary>
    /// <param name="msg">The datagram's bytes.</param>
    /// <param name="port">The destination port, 1..65535.</param>
    /// <param name="address">The destination; null for <c>127.0.0.1</c> / <c>::1</c>.</param>
    /// <param name="cancellationToken">Drops the datagram while it waits.</param>
    public ValueTask<int> SendAsync(byte[] msg, int port, string? address = null, CancellationToken cancellationToken = default) =>
        SendCoreAsync(OutgoingMessage.From(msg), port, address, cancellationToken);

    /// <summary>Sends the array <paramref name="msg"/> to the connected peer; a null array throws <c>ERR_INVALID_ARG_TYPE</c>.</summary>
    /// <param name="msg">The datagram's bytes.</param>
    /// <param name="cancellationToken">Drops the datagram while it waits.</param>
    public ValueTask<int> SendAsync(byte[] msg, CancellationToken cancellationToken = default) =>
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
    public long GetSendQueueSize() => _sendQueue.PendingBytes;

    /// <summary>The number of sends waiting to complete (Node's <c>getSendQueueCount</c>); 0 when idle.</summary>
    public long GetSendQueueCount() => _sendQueue.PendingCount;

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
        return _sendQueue.Copy(message, start, count, destinationPort, address, callback);
    }

    /// <summary>The prologue of <see cref="CreateRequest"/> for bytes the caller hands over (the transport seam's send); the buffer goes back to the pool if this throws.</summary>
    private SendRequest CreatePooledRequest(byte[] rentedBuffer, int length, int? port, string? address, SendCallback? callback)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(rentedBuffer);
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(length, rentedBuffer.Length);
            int? destinationPort = ValidateDestination(port, address);
            HealthCheck();
            return _sendQueue.Adopt(rentedBuffer, length, destinationPort, address, callback);
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

    /// <summary>Hands a request to the send queue; an unbound socket binds first, and the queue drains once bound.</summary>
    private void Enqueue(SendRequest request)
    {
        bool bind = false;
        bool drain = false;
        bool full;
        lock (_gate)
        {
            if (_engine is null)
            {
                request.ReleaseBuffer();
                request.Release();
                throw DgramErrors.NotRunning();
            }
            full = !_sendQueue.HasRoomLocked(request.Length);
            if (!full)
            {
                bind = BeginImplicitBindLocked();
                drain = _sendQueue.EnqueueLocked(request, canSend: _bindState == BindState.Bound);
            }
        }
        if (full)
        {
            // Answered outside the lock, as every completion is.
            _sendQueue.RefuseFull(request);
            return;
        }
        if (bind)
        {
            StartImplicitBind();
        }
        if (drain)
        {
            _sendQueue.StartDrain();
        }
    }

    /// <summary>Starts draining what queued up while the socket was binding.</summary>
    private void StartDrainIfIdle()
    {
        bool drain;
        lock (_gate)
        {
            drain = _engine is not null && _sendQueue.TryBeginDrainLocked(canSend: _bindState == BindState.Bound);
        }
        if (drain)
        {
            _sendQueue.StartDrain();
        }
    }
}
