namespace TypedDgram.Sockets;

/// <summary>
/// The <c>node:dgram</c> module: creates sockets, and stands in for Node's event loop where .NET has none.
/// </summary>
public static class Dgram
{
    private static readonly UnhandledErrorReport UnhandledErrors = new(() => Console.Error, TimeProvider.System);

    /// <summary>
    /// Raised for an error of a socket whose <see cref="DgramSocket.Error"/> event has no subscriber (where Node
    /// would crash the process). Without a subscriber here either, the error is written to standard error: the first
    /// five in full, then a count every 10 seconds, so that datagrams from anyone cannot flood the application's logs.
    /// </summary>
    public static event Action<DgramSocket, Exception>? UnhandledError;

    /// <summary>
    /// Creates a socket of the given type (Node's <c>dgram.createSocket(type[, callback])</c>); <paramref name="callback"/>,
    /// if given, is added to <see cref="DgramSocket.Message"/>. Throws <c>ERR_SOCKET_BAD_TYPE</c> unless the type is
    /// <c>"udp4"</c> or <c>"udp6"</c>.
    /// </summary>
    /// <param name="type"><c>"udp4"</c> or <c>"udp6"</c>.</param>
    /// <param name="callback">A <see cref="DgramSocket.Message"/> handler, or null.</param>
    public static DgramSocket CreateSocket(string type, MessageHandler? callback = null) =>
        CreateSocket(new SocketOptions { Type = type }, callback);

    /// <summary>
    /// Creates a socket with options (Node's <c>dgram.createSocket(options[, callback])</c>). Throws
    /// <c>ERR_SOCKET_BAD_TYPE</c> for a bad type and <c>ERR_SOCKET_BAD_BUFFER_SIZE</c> for a negative buffer size; an
    /// already cancelled <see cref="SocketOptions.Signal"/> gives a closed socket.
    /// </summary>
    /// <param name="options">The socket's type and options.</param>
    /// <param name="callback">A <see cref="DgramSocket.Message"/> handler, or null.</param>
    public static DgramSocket CreateSocket(SocketOptions options, MessageHandler? callback = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var socket = new DgramSocket(options);
        if (callback is not null)
        {
            socket.Message += callback;
        }
        return socket;
    }

    /// <summary>
    /// Completes when no referenced, bound, open socket remains: what keeps a Node process alive. A console program
    /// awaits it to run as long as its sockets do; <see cref="DgramSocket.Unref"/> lets a socket not count.
    /// </summary>
    public static Task WhenUnreferenced() => KeepAlive.WhenUnreferenced();

    /// <summary>Errors dropped by a socket without an <see cref="DgramSocket.Error"/> subscriber are counted in the standard-error summary when nobody handles <see cref="UnhandledError"/> either.</summary>
    internal static void OnUnhandledErrorsDropped(long count)
    {
        if (UnhandledError is null)
        {
            UnhandledErrors.Count(count);
        }
    }

    internal static void OnUnhandledError(DgramSocket socket, Exception error)
    {
        var handler = UnhandledError;
        if (handler is not null)
        {
            try
            {
                handler(socket, error);
                return;
            }
            catch (Exception handlerError)
            {
                error = new AggregateException("Dgram.UnhandledError threw while handling a socket error.", error, handlerError);
            }
        }
        // Never swallowed: with nobody listening, the error goes where an uncaught Node error would be seen, rate-limited.
        UnhandledErrors.Report(socket.Type, error);
    }
}
