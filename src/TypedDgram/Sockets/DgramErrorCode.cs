namespace TypedDgram.Sockets;

/// <summary>
/// The error code strings Node.js's <c>node:dgram</c> uses; <see cref="DgramException.Code"/> holds one of them.
/// </summary>
public static class DgramErrorCode
{
    /// <summary>A port outside the valid range (0..65535 for bind, 1..65535 for send and connect).</summary>
    public const string BadPort = "ERR_SOCKET_BAD_PORT";
    /// <summary>A socket type other than "udp4" or "udp6".</summary>
    public const string BadType = "ERR_SOCKET_BAD_TYPE";
    /// <summary>A port or address given to send on a connected socket, or connect on a connected socket.</summary>
    public const string IsConnected = "ERR_SOCKET_DGRAM_IS_CONNECTED";
    /// <summary>Disconnect or remoteAddress on a socket that is not connected.</summary>
    public const string NotConnected = "ERR_SOCKET_DGRAM_NOT_CONNECTED";
    /// <summary>An operation on a closed socket.</summary>
    public const string NotRunning = "ERR_SOCKET_DGRAM_NOT_RUNNING";
    /// <summary>Reading or setting a buffer size failed (for example before bind).</summary>
    public const string BufferSize = "ERR_SOCKET_BUFFER_SIZE";
    /// <summary>A negative or otherwise invalid buffer size.</summary>
    public const string BadBufferSize = "ERR_SOCKET_BAD_BUFFER_SIZE";
    /// <summary>Bind on a socket that is already bound.</summary>
    public const string AlreadyBound = "ERR_SOCKET_ALREADY_BOUND";
    /// <summary>An offset or length outside the buffer.</summary>
    public const string BufferOutOfBounds = "ERR_BUFFER_OUT_OF_BOUNDS";
    /// <summary>An argument of the wrong type.</summary>
    public const string InvalidArgType = "ERR_INVALID_ARG_TYPE";
    /// <summary>An argument with an invalid value.</summary>
    public const string InvalidArgValue = "ERR_INVALID_ARG_VALUE";
    /// <summary>A numeric argument outside its range.</summary>
    public const string OutOfRange = "ERR_OUT_OF_RANGE";
    /// <summary>A required argument was not given (null or empty).</summary>
    public const string MissingArgs = "ERR_MISSING_ARGS";

    /// <summary>System error: an operation that needs a bound socket on one that is not bound.</summary>
    public const string BadFileDescriptor = "EBADF";
    /// <summary>System error: the address and port are already bound by another socket.</summary>
    public const string AddressInUse = "EADDRINUSE";
    /// <summary>System error: the address is not one of this host's, or a membership that does not exist was dropped.</summary>
    public const string AddressNotAvailable = "EADDRNOTAVAIL";
    /// <summary>System error: the connected peer answered with ICMP port unreachable.</summary>
    public const string ConnectionRefused = "ECONNREFUSED";
    /// <summary>System error: an invalid argument, such as a TTL of 1000 or an unparsable address.</summary>
    public const string InvalidArgument = "EINVAL";
    /// <summary>System error: the datagram is larger than the OS allows.</summary>
    public const string MessageTooLong = "EMSGSIZE";
    /// <summary>System error: no buffer space; here, a send refused because the socket's send queue is full (16 MiB queued).</summary>
    public const string NoBufferSpace = "ENOBUFS";
    /// <summary>DNS error: the host name could not be resolved.</summary>
    public const string NotFound = "ENOTFOUND";
}
