using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

public static partial class DgramSocketMessaging
{
    /// <summary>
    /// Routes every datagram the socket receives to <paramref name="handlers"/>' [DatagramHandler] methods by type id
    /// (generated code: one switch, no reflection). A malformed datagram raises the socket's <c>Error</c> with a
    /// <see cref="MalformedDatagramException"/> naming the sender; a handler's exception raises <c>Error</c>; a type id
    /// with no handler is counted and raises <see cref="DatagramAttachment.Unhandled"/>. Receiving goes on in every case.
    /// Dispose the result to detach.
    /// </summary>
    /// <param name="socket">The socket to receive from.</param>
    /// <param name="handlers">An instance of a partial class with [DatagramHandler] methods.</param>
    /// <param name="limits">Limits for reading untrusted datagrams; <see cref="DatagramReaderLimits.Default"/> when null.</param>
    public static DatagramAttachment Attach<THandlers>(this DgramSocket socket, THandlers handlers, DatagramReaderLimits? limits = null)
        where THandlers : class, IDatagramHandlers
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(handlers);
        return new DatagramAttachment(socket, handlers, limits ?? DatagramReaderLimits.Default);
    }
}
