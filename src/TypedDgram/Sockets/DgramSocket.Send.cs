using System.Buffers;
using System.Net;

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

    private void SendCore(OutgoingMessage message, int? offset, int? length, int? port, string? address, SendCallback? callback)
    {
        var (start, count) = Arguments.Slice(message.Length, offset, length);
        int? destinationPort = CheckSend(port, address, out var claim);
        _ = SendChecked(message, start, count, destinationPort, address, callback, claim, awaited: false, default);
    }

    private ValueTask<int> SendCoreAsync(OutgoingMessage message, int? port, string? address, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }
        int? destinationPort = CheckSend(port, address, out var claim);
        return SendChecked(message, 0, message.Length, destinationPort, address, null, claim, awaited: true, cancellationToken);
    }

    /// <summary>The prologue of <see cref="CheckSend"/> for bytes the caller hands over (the transport seam's send); the buffer goes back to the pool if this throws.</summary>
    private int? CheckPooledSend(byte[] rentedBuffer, int length, TransportDestination destination, out SendClaim claim)
    {
        try
        {
            ArgumentNullException.ThrowIfNull(rentedBuffer);
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(length, rentedBuffer.Length);
            return CheckSend(destination.Port, destination.Address, out claim);
        }
        catch when (rentedBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(rentedBuffer);
            throw;
        }
    }

    /// <summary>
    /// Node's <c>send</c> prologue after the slice, in its order: the destination against the connect state
    /// (<c>ERR_SOCKET_DGRAM_IS_CONNECTED</c>), the port (<c>ERR_SOCKET_BAD_PORT</c>), then <c>healthCheck</c>; returns
    /// the port, null for the connected peer. The same look at the socket's state claims the send path when it is idle
    /// (<see cref="SendQueue.TryClaimIdleLocked"/>), so that the common send takes the socket's lock once.
    /// </summary>
    private int? CheckSend(int? port, string? address, out SendClaim claim)
    {
        bool connected;
        bool open;
        lock (_gate)
        {
            connected = _connectState == ConnectState.Connected;
            open = _engine is not null;
            bool valid = connected ? port is null && string.IsNullOrEmpty(address) : Arguments.IsValidPort(port, allowZero: false);
            claim = valid && open && _sendQueue.TryClaimIdleLocked(canSend: _bindState == BindState.Bound)
                ? new SendClaim(true, _peerAddress)
                : default;
        }
        int? destinationPort = connected
            ? (port is null && string.IsNullOrEmpty(address) ? null : throw DgramErrors.IsConnected())
            : Arguments.ValidatePort(port, allowZero: false);
        return open ? destinationPort : throw DgramErrors.NotRunning();
    }

    /// <summary>
    /// Sends a checked datagram: at once from the caller's bytes when <paramref name="claim"/> holds the idle send path
    /// (a queued copy only if that send must wait), else as a copy through the queue. <paramref name="awaited"/>: the
    /// outcome goes to the returned task; otherwise to <paramref name="callback"/>, or an error to <see cref="Error"/>.
    /// </summary>
    private ValueTask<int> SendChecked(OutgoingMessage message, int start, int count, int? port, string? address, SendCallback? callback, SendClaim claim, bool awaited, CancellationToken cancellationToken)
    {
        if (!claim.Claimed)
        {
            return Queue(_sendQueue.Copy(message, start, count, port, address, callback), awaited, cancellationToken);
        }
        if (!message.TryGetBytes(start, count, out var payload))
        {
            // Text and lists of buffers are encoded once, into a pooled buffer that the send then owns.
            return SendOwned(message.CopyToPooled(start, count), count, port, address, callback, claim, awaited, cancellationToken);
        }
        var outcome = _sendQueue.SendClaimed(payload, port, address, claim.Peer);
        return outcome.Finished
            ? Finished(outcome, callback, awaited)
            : Continue(_sendQueue.Copy(message, start, count, port, address, callback), outcome.Destination, awaited, cancellationToken);
    }

    /// <summary><see cref="SendChecked"/> for a buffer rented from <see cref="ArrayPool{T}.Shared"/> that the send owns: returned after an inline send, or adopted by the queued request.</summary>
    private ValueTask<int> SendOwned(byte[] rentedBuffer, int length, int? port, string? address, SendCallback? callback, SendClaim claim, bool awaited, CancellationToken cancellationToken)
    {
        if (!claim.Claimed)
        {
            return Queue(_sendQueue.Adopt(rentedBuffer, length, port, address, callback), awaited, cancellationToken);
        }
        var outcome = _sendQueue.SendClaimed(rentedBuffer.AsSpan(0, length), port, address, claim.Peer);
        if (!outcome.Finished)
        {
            return Continue(_sendQueue.Adopt(rentedBuffer, length, port, address, callback), outcome.Destination, awaited, cancellationToken);
        }
        ArrayPool<byte>.Shared.Return(rentedBuffer);
        return Finished(outcome, callback, awaited);
    }

    // An inline send's outcome, to the task, or to the callback (posted) or Error.
    private ValueTask<int> Finished(InlineSend outcome, SendCallback? callback, bool awaited)
    {
        if (!awaited)
        {
            _sendQueue.Report(callback, outcome);
            return default;
        }
        return outcome.Error is null ? new ValueTask<int>(outcome.Bytes) : ValueTask.FromException<int>(outcome.Error);
    }

    // A send that claimed the idle path but must wait: its request goes first, on the drain the claim holds.
    private ValueTask<int> Continue(SendRequest request, SocketAddress? destination, bool awaited, CancellationToken cancellationToken)
    {
        var completion = awaited ? request.AsValueTask(cancellationToken) : default;
        _sendQueue.ContinueClaimed(request, destination);
        return completion;
    }

    private ValueTask<int> Queue(SendRequest request, bool awaited, CancellationToken cancellationToken)
    {
        var completion = awaited ? request.AsValueTask(cancellationToken) : default;
        Enqueue(request);
        return completion;
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

    /// <summary>
    /// What <see cref="CheckSend"/> found: whether this send holds the idle send path (then it must go through
    /// <see cref="SendQueue.SendClaimed"/>), and the connected peer it read with it.
    /// </summary>
    private readonly record struct SendClaim(bool Claimed, SocketAddress? Peer);
}
