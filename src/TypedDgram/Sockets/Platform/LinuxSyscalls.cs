using System.Runtime.InteropServices;

namespace TypedDgram.Sockets;

/// <summary>
/// The Linux calls the socket makes itself: the shared receive engine's <c>epoll</c> set and <c>recvmmsg</c>,
/// and for <see cref="SocketOptions.Batching"/> <c>sendmmsg</c> and the UDP GSO/GRO socket options, with the LP64 layouts
/// of their structures (used on 64-bit Linux only). LibraryImport: no runtime marshalling, so it works under NativeAOT.
/// </summary>
internal static unsafe partial class LinuxSyscalls
{
    public const int MSG_DONTWAIT = 0x40;
    public const int MSG_TRUNC = 0x20;
    public const int SOL_UDP = 17;
    public const int UDP_SEGMENT = 103;
    public const int UDP_GRO = 104;
    public const uint EPOLLIN = 0x1;
    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;

    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EAGAIN = 11;
    public const int EBADF = 9;
    public const int ENOENT = 2;
    public const int EINVAL = 22;
    public const int ENOSYS = 38;
    public const int ENOPROTOOPT = 92;
    public const int EOPNOTSUPP = 95;

    /// <summary>The header of a control message; its data starts at <see cref="CmsgDataOffset"/>.</summary>
    public const int CmsgDataOffset = 16;

    /// <summary>True where these layouts hold: Linux with 64-bit pointers (x64, arm64).</summary>
    public static bool Available => OperatingSystem.IsLinux() && Environment.Is64BitProcess;

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMmsg(int socket, MMsgHdr* messages, uint count, int flags);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(int socket, byte* buffer, nuint length, int flags, byte* address, uint addressLength);

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMmsg(int socket, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int socket, int level, int name, void* value, uint length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(int socket, int level, int name, void* value, uint* length);

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epoll, int operation, int fd, void* @event);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epoll, void* events, int maxEvents, int timeout);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary><c>struct iovec</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IOVec
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary><c>struct msghdr</c> (56 bytes on LP64).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IOVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary><c>struct mmsghdr</c>: a message and, after the call, how many bytes it carried.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    /// <summary><c>struct cmsghdr</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct CmsgHdr
    {
        public nuint Length;
        public int Level;
        public int Type;
    }
}
