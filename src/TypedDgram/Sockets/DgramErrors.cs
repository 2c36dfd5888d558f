namespace TypedDgram.Sockets;

/// <summary>
/// Node's <c>ERR_*</c> errors of <c>node:dgram</c>, each with Node's message, made in one place.
/// </summary>
internal static class DgramErrors
{
    // Node's message first (code and text are what Node users and the interop tests match), then what happened.
    public static DgramException NotRunning() =>
        new(DgramErrorCode.NotRunning, "Not running: the socket was closed (Close, DisposeAsync or its Signal); create a new socket to send or receive again");

    public static DgramException AlreadyBound() => new(DgramErrorCode.AlreadyBound, "Socket is already bound");

    public static DgramException BadType() => new(DgramErrorCode.BadType, "Bad socket type specified. Valid types are: udp4, udp6");

    public static DgramException IsConnected() => new(DgramErrorCode.IsConnected, "Already connected");

    public static DgramException NotConnected() => new(DgramErrorCode.NotConnected, "Not connected");

    public static DgramException BadBufferSize() => new(DgramErrorCode.BadBufferSize, "Buffer size must be a positive integer");

    /// <summary>Node's message: <c>Could not get or set buffer size: uv_recv_buffer_size returned EBADF (bad file descriptor)</c>.</summary>
    public static DgramException BufferSize(string syscall, string systemCode, string description) =>
        new(DgramErrorCode.BufferSize, $"Could not get or set buffer size: {syscall} returned {systemCode} ({description})") { Syscall = syscall };

    /// <summary>Node's message: <c>Port should be &gt; 0 and &lt; 65536. Received 70000.</c> (<c>&gt;=</c> where 0 is allowed).</summary>
    public static DgramException BadPort(int? port, bool allowZero)
    {
        string received = port is int value ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null";
        return new(DgramErrorCode.BadPort, $"Port should be {(allowZero ? ">=" : ">")} 0 and < 65536. Received {received}.");
    }

    /// <summary>Node's message: <c>"offset" is outside of buffer bounds</c>.</summary>
    public static DgramException BufferOutOfBounds(string name) => new(DgramErrorCode.BufferOutOfBounds, $"\"{name}\" is outside of buffer bounds");

    /// <summary>
    /// Node sends an empty datagram for <c>send(buf, offset)</c> without a length; here that is an error, because
    /// it is always a mistake.
    /// </summary>
    public static DgramException OffsetWithoutLength(string given, string missing) =>
        new(DgramErrorCode.InvalidArgValue, $"The argument '{given}' is given without '{missing}'. Offset and length must be given together or not at all.");

    /// <summary>Node's message for a <c>send</c> message of the wrong type; in C# only null can be one.</summary>
    public static DgramException InvalidMessage(string received) =>
        new(DgramErrorCode.InvalidArgType, $"The \"msg\" argument must be of type string or an instance of Buffer, TypedArray, DataView, or Array. Received {received}");

    public static DgramException MissingArgument(string name) => new(DgramErrorCode.MissingArgs, $"The \"{name}\" argument must be specified");
}
