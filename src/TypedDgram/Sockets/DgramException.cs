namespace TypedDgram.Sockets;

/// <summary>
/// An error raised by a <c>node:dgram</c>-style operation. <see cref="Code"/> is Node's code string
/// (see <see cref="DgramErrorCode"/>, or a system code such as <c>EADDRINUSE</c>).
/// </summary>
public class DgramException : Exception
{
    /// <summary>Creates an error with Node's code string and a message.</summary>
    public DgramException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>Node's code string: <c>ERR_SOCKET_BAD_PORT</c>, <c>EADDRINUSE</c>, ...</summary>
    public string Code { get; }

    /// <summary>The system call that failed (<c>bind</c>, <c>send</c>, ...), for system errors; otherwise null.</summary>
    public string? Syscall { get; init; }

    /// <summary>The address involved in a system error, where Node sets one; otherwise null.</summary>
    public string? Address { get; init; }

    /// <summary>The port involved in a system error, where Node sets one; otherwise null.</summary>
    public int? Port { get; init; }
}
