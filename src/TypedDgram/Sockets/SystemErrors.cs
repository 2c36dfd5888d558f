using System.Net.Sockets;

namespace TypedDgram.Sockets;

/// <summary>
/// The one place that turns OS socket errors into Node's system errors: the <see cref="SocketError"/> to
/// code-string table, and messages shaped like Node's <c>ExceptionWithHostPort</c>
/// (<c>send EMSGSIZE 127.0.0.1:12345</c>, <c>bind EADDRINUSE 0.0.0.0:41234</c>, <c>setTTL EINVAL</c>).
/// </summary>
internal static class SystemErrors
{
    /// <summary>Node's code string for an OS socket error; <c>UNKNOWN</c> where Node would have no name either.</summary>
    public static string CodeOf(SocketError error) => error switch
    {
        SocketError.AccessDenied => "EACCES",
        SocketError.AddressAlreadyInUse => DgramErrorCode.AddressInUse,
        SocketError.AddressFamilyNotSupported => "EAFNOSUPPORT",
        SocketError.AddressNotAvailable => DgramErrorCode.AddressNotAvailable,
        SocketError.ConnectionRefused => DgramErrorCode.ConnectionRefused,
        SocketError.ConnectionReset => "ECONNRESET",
        SocketError.DestinationAddressRequired => "EDESTADDRREQ",
        SocketError.Fault => "EFAULT",
        SocketError.HostDown => "EHOSTDOWN",
        SocketError.HostNotFound => DgramErrorCode.NotFound,
        SocketError.HostUnreachable => "EHOSTUNREACH",
        SocketError.Interrupted => "EINTR",
        SocketError.InvalidArgument => DgramErrorCode.InvalidArgument,
        SocketError.IsConnected => "EISCONN",
        SocketError.MessageSize => DgramErrorCode.MessageTooLong,
        SocketError.NetworkDown => "ENETDOWN",
        SocketError.NetworkReset => "ENETRESET",
        SocketError.NetworkUnreachable => "ENETUNREACH",
        SocketError.NoBufferSpaceAvailable => "ENOBUFS",
        SocketError.NoData => "ENODATA",
        SocketError.NotConnected => "ENOTCONN",
        SocketError.NotSocket => DgramErrorCode.BadFileDescriptor,
        SocketError.OperationNotSupported => "EOPNOTSUPP",
        SocketError.ProtocolFamilyNotSupported => "EPFNOSUPPORT",
        SocketError.ProtocolNotSupported => "EPROTONOSUPPORT",
        SocketError.ProtocolOption => "ENOPROTOOPT",
        SocketError.ProtocolType => "EPROTOTYPE",
        SocketError.Shutdown => "EPIPE",
        SocketError.SocketNotSupported => "ESOCKTNOSUPPORT",
        SocketError.TimedOut => "ETIMEDOUT",
        SocketError.TooManyOpenSockets => "EMFILE",
        SocketError.TryAgain => "EAI_AGAIN",
        SocketError.WouldBlock => "EAGAIN",
        _ => "UNKNOWN",
    };

    /// <summary>
    /// Node's code string for a Unix errno that <see cref="SocketError"/> has no member for, which .NET therefore reports
    /// as <see cref="SocketError.SocketError"/>; <c>UNKNOWN</c> for the rest. The numbers are the same on Linux, macOS and the BSDs.
    /// </summary>
    public static string CodeOfErrno(int errno) => errno switch
    {
        // The multicast interface address is not on this host (or, for IPv6, the index names no interface).
        19 => "ENODEV",
        _ => "UNKNOWN",
    };

    /// <summary>A system error with Node's message: <c>syscall CODE</c>, then <c>address:port</c> (port when &gt; 0) or <c>address</c>.</summary>
    public static DgramException Create(string code, string syscall, string? address = null, int? port = null, Exception? innerException = null)
    {
        string message = port > 0 ? $"{syscall} {code} {address}:{port}"
            : address is not null ? $"{syscall} {code} {address}"
            : $"{syscall} {code}";
        return new DgramException(code, message, innerException) { Syscall = syscall, Address = address, Port = port > 0 ? port : null };
    }

    /// <summary>The system error for a failed socket call.</summary>
    public static DgramException From(SocketException exception, string syscall, string? address = null, int? port = null) =>
        Create(exception is UnnamedSocketException unnamed ? CodeOfErrno(unnamed.Errno) : CodeOf(exception.SocketErrorCode), syscall, address, port, exception);

    /// <summary>
    /// <paramref name="error"/> (an <c>EMSGSIZE</c>) with the datagram's size and UDP's limit for the family appended
    /// to Node's message, which names neither: <c>send EMSGSIZE 127.0.0.1:12345 (the datagram is 262144 bytes; ...)</c>.
    /// </summary>
    public static DgramException WithSize(DgramException error, int length, AddressFamily family)
    {
        // 65,535 less the 8-byte UDP header and the 20-byte IPv4 header; IPv6's 40-byte header is outside its payload length.
        var (limit, ip) = family == AddressFamily.InterNetworkV6 ? (65_527, "IPv6") : (65_507, "IPv4");
        var why = length > limit
            ? $"the datagram is {length} bytes; UDP over {ip} carries at most {limit}"
            : $"the datagram is {length} bytes, within UDP's {limit} over {ip} but more than the interface or path accepts";
        return new DgramException(error.Code, $"{error.Message} ({why})", error.InnerException)
        {
            Syscall = error.Syscall,
            Address = error.Address,
            Port = error.Port,
        };
    }

    /// <summary><c>EBADF</c> for an operation that needs a bound socket (Node: the handle has no file descriptor yet).</summary>
    public static DgramException BadFileDescriptor(string syscall) => Create(DgramErrorCode.BadFileDescriptor, syscall);

    /// <summary><c>EINVAL</c> for an argument the OS would reject.</summary>
    public static DgramException InvalidArgument(string syscall) => Create(DgramErrorCode.InvalidArgument, syscall);
}
