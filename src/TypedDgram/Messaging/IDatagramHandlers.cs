using MessagePack;
using TypedDgram.Contracts;
using TypedDgram.Contracts.Generated;
using TypedDgram.Sockets;

namespace TypedDgram.Messaging;

/// <summary>
/// A class whose <see cref="DatagramHandlerAttribute"/> methods receive datagrams. Implemented by generated code (one
/// switch over the type ids it handles); pass an instance to <see cref="DgramSocketMessaging.Attach{THandlers}"/>.
/// </summary>
public interface IDatagramHandlers
{
    /// <summary>
    /// Reads the members of a datagram whose envelope says <paramref name="typeId"/> and calls its handler.
    /// A handler's exception propagates to the caller.
    /// </summary>
    DispatchResult Dispatch(uint typeId, ref MessagePackReader reader, int memberCount, ref DatagramReadContext context, RemoteInfo from);
}
