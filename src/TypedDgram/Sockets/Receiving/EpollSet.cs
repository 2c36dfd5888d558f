using System.Runtime.InteropServices;
using static TypedDgram.Sockets.LinuxSyscalls;

namespace TypedDgram.Sockets;

/// <summary>
/// One <c>epoll(7)</c> set of the shared receive poller: sockets are added level-triggered for <c>EPOLLIN</c> only, so a
/// send never wakes it (UDP signals "writable" after every datagram sent), and each event carries the token the poller
/// looks its socket up by. A SafeHandle, so that no call ever reaches a descriptor number the set no longer owns.
/// </summary>
internal sealed unsafe class EpollSet : SafeHandle
{
    // struct epoll_event is packed on x86-64 (12 bytes, data at offset 4) and naturally aligned elsewhere (16, at 8).
    private static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;
    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private EpollSet(int fd)
        : base(-1, ownsHandle: true)
    {
        SetHandle(fd);
    }

    public override bool IsInvalid => handle == -1;

    /// <summary>A new set; null when the system gives none (ENOSYS, EMFILE and the like): the caller receives without it.</summary>
    public static EpollSet? Create()
    {
        int fd = EpollCreate(EPOLL_CLOEXEC);
        return fd >= 0 ? new EpollSet(fd) : null;
    }

    /// <summary>A buffer for <see cref="Wait"/>: room for <paramref name="capacity"/> events.</summary>
    public static byte[] NewEventBuffer(int capacity) => GC.AllocateArray<byte>(capacity * EventSize, pinned: true);

    /// <summary>The token of event <paramref name="index"/> in a buffer <see cref="Wait"/> filled.</summary>
    public static ulong TokenAt(byte[] events, int index) => MemoryMarshal.Read<ulong>(events.AsSpan(index * EventSize + DataOffset, sizeof(ulong)));

    /// <summary>
    /// Watches <paramref name="socket"/> for datagrams (and errors, which epoll always reports), level-triggered.
    /// Returns 0 or the errno; throws <see cref="ObjectDisposedException"/> when the socket is already closed.
    /// </summary>
    public int Add(SafeHandle socket, ulong token)
    {
        byte* buffer = stackalloc byte[16];
        *(uint*)buffer = EPOLLIN;
        *(ulong*)(buffer + DataOffset) = token;
        return Control(EPOLL_CTL_ADD, socket, buffer);
    }

    /// <summary>Stops watching <paramref name="socket"/>. A socket already closed has left the set with its descriptor, so that is not an error.</summary>
    public void Remove(SafeHandle socket)
    {
        try
        {
            Control(EPOLL_CTL_DEL, socket, null);
        }
        catch (ObjectDisposedException)
        {
            // Closing the descriptor removed it from every set.
        }
    }

    /// <summary>Sleeps until a watched socket is ready; the number of events written, or minus the errno (EINTR).</summary>
    public int Wait(byte[] events)
    {
        bool added = false;
        try
        {
            DangerousAddRef(ref added);
            fixed (byte* buffer = events)
            {
                int ready = EpollWait((int)handle, buffer, events.Length / EventSize, -1);
                return ready >= 0 ? ready : -Marshal.GetLastPInvokeError();
            }
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }

    protected override bool ReleaseHandle() => LinuxSyscalls.Close((int)handle) == 0;

    // The socket's handle is held for the call, so its descriptor number cannot be closed and reused meanwhile.
    private int Control(int operation, SafeHandle socket, byte* @event)
    {
        bool socketAdded = false;
        bool selfAdded = false;
        try
        {
            socket.DangerousAddRef(ref socketAdded);
            DangerousAddRef(ref selfAdded);
            return EpollCtl((int)handle, operation, (int)socket.DangerousGetHandle(), @event) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
        finally
        {
            if (selfAdded)
            {
                DangerousRelease();
            }
            if (socketAdded)
            {
                socket.DangerousRelease();
            }
        }
    }
}
