using System.Net.Sockets;

namespace TypedDgram.Sockets;

/// <summary>
/// Linux errno values as <see cref="SocketError"/>s, for the calls .NET does not make itself (<c>sendmmsg</c>,
/// <c>recvmmsg</c>), so their failures reach users with the same Node codes as the calls .NET makes
/// (<see cref="SystemErrors.CodeOf"/>).
/// </summary>
internal static class LinuxErrno
{
    public static SocketError ToSocketError(int errno) => errno switch
    {
        1 or 13 => SocketError.AccessDenied,            // EPERM, EACCES
        4 => SocketError.Interrupted,                   // EINTR
        9 or 88 => SocketError.NotSocket,               // EBADF, ENOTSOCK
        11 => SocketError.WouldBlock,                   // EAGAIN
        12 or 105 => SocketError.NoBufferSpaceAvailable, // ENOMEM, ENOBUFS
        14 => SocketError.Fault,                        // EFAULT
        22 => SocketError.InvalidArgument,              // EINVAL
        32 => SocketError.Shutdown,                     // EPIPE
        89 => SocketError.DestinationAddressRequired,   // EDESTADDRREQ
        90 => SocketError.MessageSize,                  // EMSGSIZE
        92 => SocketError.ProtocolOption,               // ENOPROTOOPT
        95 => SocketError.OperationNotSupported,        // EOPNOTSUPP
        97 => SocketError.AddressFamilyNotSupported,    // EAFNOSUPPORT
        99 => SocketError.AddressNotAvailable,          // EADDRNOTAVAIL
        100 => SocketError.NetworkDown,                 // ENETDOWN
        101 => SocketError.NetworkUnreachable,          // ENETUNREACH
        102 => SocketError.NetworkReset,                // ENETRESET
        104 => SocketError.ConnectionReset,             // ECONNRESET
        106 => SocketError.IsConnected,                 // EISCONN
        107 => SocketError.NotConnected,                // ENOTCONN
        110 => SocketError.TimedOut,                    // ETIMEDOUT
        111 => SocketError.ConnectionRefused,           // ECONNREFUSED
        112 => SocketError.HostDown,                    // EHOSTDOWN
        113 => SocketError.HostUnreachable,             // EHOSTUNREACH
        _ => SocketError.SocketError,
    };

    /// <summary>
    /// The <see cref="SocketException"/> .NET would have thrown for <paramref name="errno"/>; one that
    /// <see cref="SocketError"/> has no member for keeps its errno (<see cref="UnnamedSocketException"/>) for
    /// <see cref="SystemErrors"/> to name.
    /// </summary>
    public static SocketException ToException(int errno)
    {
        var error = ToSocketError(errno);
        return error == SocketError.SocketError
            ? new UnnamedSocketException(errno, new SocketException((int)error))
            : new SocketException((int)error);
    }
}
