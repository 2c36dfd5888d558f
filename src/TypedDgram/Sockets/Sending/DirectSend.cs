using System.Net;
using System.Runtime.InteropServices;
using static TypedDgram.Sockets.LinuxSyscalls;

namespace TypedDgram.Sockets;

/// <summary>
/// One datagram with <c>sendto(2)</c> and <c>MSG_DONTWAIT</c>, on 64-bit Linux: what a send costs in C. .NET's
/// <c>SendToAsync</c>, even when it completes at once, goes through its SocketAsyncEventArgs bookkeeping, which
/// measured about a third more CPU per datagram than the plain call. Only a full send buffer (EAGAIN) is left to
/// <c>SendToAsync</c>, which knows how to wait for room.
/// </summary>
internal static unsafe class DirectSend
{
    /// <summary>The bytes sent, or minus the errno; throws <see cref="ObjectDisposedException"/> once the socket is closed.</summary>
    public static int SendTo(SafeHandle socket, ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        bool added = false;
        try
        {
            socket.DangerousAddRef(ref added);
            fixed (byte* payload = datagram)
            fixed (byte* address = destination.Buffer.Span)
            {
                nint sent = LinuxSyscalls.SendTo((int)socket.DangerousGetHandle(), payload, (nuint)datagram.Length, MSG_DONTWAIT, address, (uint)destination.Size);
                return sent >= 0 ? (int)sent : -Marshal.GetLastPInvokeError();
            }
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }
}
