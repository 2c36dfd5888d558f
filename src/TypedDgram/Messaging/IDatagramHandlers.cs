using System.ComponentModel;
using MessagePack;
using TypedDgram.Contracts;
using TypedDgram.Contracts.Generated;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>
/// A class whose <see cref="DatagramHandlerAttribute"/> methods receive datagrams. Implemented by generated code (one
/// switch over the type ids it handles); pass an instance to <see cref="DgramSocketMessaging.Attach{THandlers}(DgramSocket, THandlers, Contracts.DatagramReaderLimits?, int?, QueueFullMode)"/>.
/// </summary>
public interface IDatagramHandlers
{
    // The generated partial class implements this explicitly and the attachment calls it; it stays on the interface the
    // user's class declares (moving it would change what users implement), hidden from IntelliSense instead.
    /// <summary>
    /// Called by generated code; not for use in your code. Reads the members of a datagram whose envelope says
    /// <paramref name="typeId"/> and calls its handler. A handler's exception propagates to the caller.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    DispatchResult Dispatch(uint typeId, ref MessagePackReader reader, int memberCount, ref DatagramReadContext context, RemoteInfo from);
}
