using System.Net.Sockets;

namespace TypedDgram.Sockets;

/// <summary>
/// A socket call's failure whose errno <see cref="SocketError"/> has no member for (.NET reports those as
/// <see cref="SocketError.SocketError"/>), with the errno, so that <see cref="SystemErrors"/> can still name it.
/// </summary>
internal sealed class UnnamedSocketException(int errno, SocketException reported) : SocketException((int)SocketError.SocketError, reported.Message)
{
    /// <summary>The errno of the failed call.</summary>
    public int Errno { get; } = errno;
}
