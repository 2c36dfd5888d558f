using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace TypedDgram.Sockets;

/// <summary>
/// The socket calls .NET does not expose the way libuv uses them: UDP connect and disconnect on the same bound
/// socket (.NET's <c>Socket.Connect</c> refuses to connect again after a disconnect, and its reconnect replaces the
/// handle, losing the bound port), separate <c>SO_REUSEADDR</c>/<c>SO_REUSEPORT</c>, source-specific
/// membership, whose option layouts differ per OS, and membership with the errno of a refusal.
/// </summary>
internal static class PlatformSocket
{
    /// <summary>Associates a UDP socket with a peer (<c>connect(2)</c>); the kernel then filters what it receives.</summary>
    public static SocketError Connect(Socket socket, IPEndPoint peer)
    {
        SocketAddress address = peer.Serialize();
        return Call(socket, address.Buffer[..address.Size].ToArray());
    }

    /// <summary>Dissolves the association (<c>connect(2)</c> with <c>AF_UNSPEC</c>; on Windows, with a zeroed address).</summary>
    public static SocketError Disconnect(Socket socket)
    {
        if (OperatingSystem.IsWindows())
        {
            var any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0).Serialize();
            return Call(socket, any.Buffer[..any.Size].ToArray());
        }
        SocketError error = Call(socket, new byte[16]);
        // Some kernels answer AF_UNSPEC with EAFNOSUPPORT (BSDs also EINVAL) after dissolving the association; libuv ignores them too.
        bool dissolved = error == SocketError.AddressFamilyNotSupported
            || (error == SocketError.InvalidArgument && !OperatingSystem.IsLinux());
        return dissolved ? SocketError.Success : error;
    }

    /// <summary>Sets <c>SO_REUSEADDR</c> alone (.NET's <c>ReuseAddress</c> also sets <c>SO_REUSEPORT</c> on Unix).</summary>
    public static void SetReuseAddress(Socket socket, bool on)
    {
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(1, 2, BitConverter.GetBytes(on ? 1 : 0));
        }
        else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            socket.SetRawSocketOption(0xffff, 0x4, BitConverter.GetBytes(on ? 1 : 0));
        }
        else
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, on);
        }
    }

    /// <summary>Sets <c>SO_REUSEPORT</c> (on Windows, which has no such option, <c>SO_REUSEADDR</c>).</summary>
    public static void SetReusePort(Socket socket, bool on)
    {
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(1, 15, BitConverter.GetBytes(on ? 1 : 0));
        }
        else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            socket.SetRawSocketOption(0xffff, 0x200, BitConverter.GetBytes(on ? 1 : 0));
        }
        else
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, on);
        }
    }

    /// <summary>
    /// Joins or leaves an any-source group (<c>IP_ADD_MEMBERSHIP</c>, <c>IPV6_ADD_MEMBERSHIP</c> and their drops); on
    /// Linux a refusal .NET cannot name (ENODEV: the interface is not on this host) is thrown as an
    /// <see cref="UnnamedSocketException"/> with its errno.
    /// </summary>
    public static void SetMembership(Socket socket, bool join, IPAddress group, IPAddress? multicastInterface)
    {
        try
        {
            if (group.AddressFamily == AddressFamily.InterNetwork)
            {
                socket.SetSocketOption(SocketOptionLevel.IP, join ? SocketOptionName.AddMembership : SocketOptionName.DropMembership,
                    new MulticastOption(group, multicastInterface ?? IPAddress.Any));
            }
            else
            {
                socket.SetSocketOption(SocketOptionLevel.IPv6, join ? SocketOptionName.AddMembership : SocketOptionName.DropMembership,
                    new IPv6MulticastOption(group, multicastInterface?.ScopeId ?? 0));
            }
        }
        catch (SocketException unnamed) when (unnamed.SocketErrorCode == SocketError.SocketError && OperatingSystem.IsLinux())
        {
            ThrowWithErrno(socket, MembershipRequest(join, group, multicastInterface), unnamed);
        }
    }

    /// <summary>
    /// Joins or leaves a source-specific channel. IPv4 uses <c>IP_ADD_SOURCE_MEMBERSHIP</c> (whose struct orders its
    /// fields differently on Linux); IPv6 uses <c>MCAST_JOIN_SOURCE_GROUP</c>, supported here on Linux only.
    /// </summary>
    public static void SetSourceMembership(Socket socket, bool join, IPAddress source, IPAddress group, IPAddress? multicastInterface)
    {
        if (group.AddressFamily == AddressFamily.InterNetwork)
        {
            byte[] request = new byte[12];
            group.TryWriteBytes(request.AsSpan(0, 4), out _);
            bool linux = OperatingSystem.IsLinux();
            (multicastInterface ?? IPAddress.Any).TryWriteBytes(request.AsSpan(linux ? 4 : 8, 4), out _);
            source.TryWriteBytes(request.AsSpan(linux ? 8 : 4, 4), out _);
            if (linux)
            {
                SetLinuxRawOption(socket, new OptionRequest(0, join ? 39 : 40, request));
            }
            else
            {
                socket.SetSocketOption(SocketOptionLevel.IP, join ? SocketOptionName.AddSourceMembership : SocketOptionName.DropSourceMembership, request);
            }
            return;
        }
        if (!OperatingSystem.IsLinux())
        {
            throw new SocketException((int)SocketError.OperationNotSupported);
        }
        // struct group_source_req { uint32 interface; sockaddr_storage group; sockaddr_storage source; } (64-bit: 8-aligned)
        byte[] groupSourceRequest = new byte[264];
        BitConverter.TryWriteBytes(groupSourceRequest.AsSpan(0, 4), (uint)(multicastInterface?.ScopeId ?? 0));
        SocketAddress groupAddress = new IPEndPoint(group, 0).Serialize();
        SocketAddress sourceAddress = new IPEndPoint(source, 0).Serialize();
        groupAddress.Buffer.Span[..groupAddress.Size].CopyTo(groupSourceRequest.AsSpan(8));
        sourceAddress.Buffer.Span[..sourceAddress.Size].CopyTo(groupSourceRequest.AsSpan(136));
        SetLinuxRawOption(socket, new OptionRequest(41, join ? 46 : 47, groupSourceRequest));
    }

    // The request .NET's membership call makes on Linux, as setsockopt(2) takes it.
    private static OptionRequest MembershipRequest(bool join, IPAddress group, IPAddress? multicastInterface)
    {
        if (group.AddressFamily == AddressFamily.InterNetwork)
        {
            // struct ip_mreq { in_addr multiaddr; in_addr interface; }
            byte[] request = new byte[8];
            group.TryWriteBytes(request.AsSpan(0, 4), out _);
            (multicastInterface ?? IPAddress.Any).TryWriteBytes(request.AsSpan(4, 4), out _);
            return new OptionRequest(0, join ? 35 : 36, request);
        }

        // struct ipv6_mreq { in6_addr multiaddr; int ifindex; }
        byte[] request6 = new byte[20];
        group.TryWriteBytes(request6.AsSpan(0, 16), out _);
        BitConverter.TryWriteBytes(request6.AsSpan(16, 4), (int)(multicastInterface?.ScopeId ?? 0));
        return new OptionRequest(41, join ? 20 : 21, request6);
    }

    private static void SetLinuxRawOption(Socket socket, OptionRequest request)
    {
        try
        {
            socket.SetRawSocketOption(request.Level, request.Name, request.Value);
        }
        catch (SocketException unnamed) when (unnamed.SocketErrorCode == SocketError.SocketError)
        {
            ThrowWithErrno(socket, request, unnamed);
        }
    }

    // .NET folds the errnos it has no SocketError for into SocketError.SocketError. The failed call changed nothing,
    // so it is made again with setsockopt(2) to read the errno (should it succeed this time, so much the better).
    private static void ThrowWithErrno(Socket socket, OptionRequest request, SocketException reported)
    {
        int errno = SetOption(socket, request.Level, request.Name, request.Value);
        if (errno != 0)
        {
            throw new UnnamedSocketException(errno, reported);
        }
    }

    private static int SetOption(Socket socket, int level, int name, byte[] value)
    {
        bool added = false;
        SafeHandle handle = socket.SafeHandle;
        try
        {
            handle.DangerousAddRef(ref added);
            return UnixSetSockOpt((int)handle.DangerousGetHandle(), level, name, value, value.Length) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static SocketError Call(Socket socket, byte[] address)
    {
        bool added = false;
        SafeHandle handle = socket.SafeHandle;
        try
        {
            handle.DangerousAddRef(ref added);
            nint descriptor = handle.DangerousGetHandle();
            if (OperatingSystem.IsWindows())
            {
                return WindowsConnect(descriptor, address, address.Length) == 0 ? SocketError.Success : (SocketError)Marshal.GetLastPInvokeError();
            }
            return UnixConnect((int)descriptor, address, address.Length) == 0 ? SocketError.Success : FromErrno(Marshal.GetLastPInvokeError());
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    // The errno values connect(2) can give a UDP socket, per OS.
    private static SocketError FromErrno(int errno) => OperatingSystem.IsLinux()
        ? errno switch
        {
            1 or 13 => SocketError.AccessDenied,
            9 => SocketError.NotSocket,
            22 => SocketError.InvalidArgument,
            97 => SocketError.AddressFamilyNotSupported,
            99 => SocketError.AddressNotAvailable,
            101 => SocketError.NetworkUnreachable,
            111 => SocketError.ConnectionRefused,
            113 => SocketError.HostUnreachable,
            _ => SocketError.SocketError,
        }
        : errno switch
        {
            1 or 13 => SocketError.AccessDenied,
            9 => SocketError.NotSocket,
            22 => SocketError.InvalidArgument,
            47 => SocketError.AddressFamilyNotSupported,
            49 => SocketError.AddressNotAvailable,
            51 => SocketError.NetworkUnreachable,
            61 => SocketError.ConnectionRefused,
            65 => SocketError.HostUnreachable,
            _ => SocketError.SocketError,
        };

    [DllImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static extern int UnixConnect(int socket, byte[] address, int addressLength);

    private readonly record struct OptionRequest(int Level, int Name, byte[] Value);

    [DllImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static extern int UnixSetSockOpt(int socket, int level, int name, byte[] value, int valueLength);

    [DllImport("ws2_32", EntryPoint = "connect", SetLastError = true)]
    private static extern int WindowsConnect(nint socket, byte[] address, int addressLength);
}
