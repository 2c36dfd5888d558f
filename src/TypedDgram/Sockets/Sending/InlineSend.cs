using System.Net;

namespace TypedDgram.Sockets;

/// <summary>
/// How a send made on the caller's thread went (<see cref="SendQueue.SendClaimed"/>): <see cref="Finished"/>, with the
/// bytes sent or the error; or not, because it must wait (a full send buffer, a host name to look up), and the caller
/// hands the queue a request for it, with the <see cref="Destination"/> already resolved if there is one.
/// </summary>
internal readonly record struct InlineSend(bool Finished, int Bytes, DgramException? Error, SocketAddress? Destination)
{
    public static InlineSend Done(int bytes, DgramException? error) => new(true, bytes, error, null);

    public static InlineSend MustWait(SocketAddress? destination) => new(false, 0, null, destination);
}
