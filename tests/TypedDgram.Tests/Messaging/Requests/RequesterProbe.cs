using TypedDgram.Messaging;
using TypedDgram.Sockets;

namespace TypedDgram.Tests.Messaging.Requests;

internal static class RequesterProbe
{
    /// <summary>Requests the socket's requester still waits for: 0 once every RequestAsync has ended.</summary>
    public static int RequesterPendingCount(this DgramSocket socket) =>
        MessagingState.Find(socket.Transport)?.Requester?.PendingCount ?? 0;
}
