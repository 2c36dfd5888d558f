namespace TypedDgram.Sockets;

/// <summary>
/// The options of <see cref="DgramSocket.Bind(BindOptions, Action?)"/>, as Node's <c>bind(options)</c>.
/// </summary>
public sealed class BindOptions
{
    /// <summary>The port to bind; 0 (the default) lets the OS pick a free one. Outside 0..65535 raises <c>ERR_SOCKET_BAD_PORT</c>.</summary>
    public int Port { get; init; }

    /// <summary>The address to bind; null or empty means all interfaces (<c>0.0.0.0</c> or <c>::</c>).</summary>
    public string? Address { get; init; }

    /// <summary>
    /// When true the port is not shared: <see cref="SocketOptions.ReuseAddr"/> and <see cref="SocketOptions.ReusePort"/>
    /// are not applied to this bind, so another socket binding the same port fails with <c>EADDRINUSE</c>.
    /// </summary>
    public bool Exclusive { get; init; }
}
