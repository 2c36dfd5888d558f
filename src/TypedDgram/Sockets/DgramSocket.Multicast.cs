using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

public sealed partial class DgramSocket
{
    /// <summary>
    /// Joins the multicast group <paramref name="multicastAddress"/> on <paramref name="multicastInterface"/> (null: the
    /// OS picks one) with <c>IP_ADD_MEMBERSHIP</c>. An unbound socket binds implicitly. Throws <c>EINVAL</c> for an
    /// invalid group or interface, <c>ENODEV</c> (Linux) when the interface address is not one of this host's,
    /// <c>ERR_MISSING_ARGS</c> without a group, <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    /// <param name="multicastAddress">The group, for example <c>239.255.0.1</c> or <c>ff15::1</c>.</param>
    /// <param name="multicastInterface">The local interface's IPv4 address, or for IPv6 an address with a scope (<c>::%lo</c>).</param>
    public void AddMembership(string multicastAddress, string? multicastInterface = null) =>
        SetMembership(join: true, multicastAddress, multicastInterface, "addMembership");

    /// <summary>
    /// Leaves the multicast group (<c>IP_DROP_MEMBERSHIP</c>). Throws <c>EADDRNOTAVAIL</c> when not a member, <c>EINVAL</c>
    /// for an invalid group, <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    /// <param name="multicastAddress">The group.</param>
    /// <param name="multicastInterface">The interface it was joined on; null lets the OS pick.</param>
    public void DropMembership(string multicastAddress, string? multicastInterface = null) =>
        SetMembership(join: false, multicastAddress, multicastInterface, "dropMembership");

    /// <summary>
    /// Joins the source-specific channel (<paramref name="sourceAddress"/>, <paramref name="groupAddress"/>): only that
    /// source's datagrams to the group are received. An unbound socket binds implicitly. Throws <c>EINVAL</c> for an
    /// invalid address, <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    /// <param name="sourceAddress">The one sender to receive from.</param>
    /// <param name="groupAddress">The group, for example in <c>232.0.0.0/8</c> or <c>239.0.0.0/8</c>.</param>
    /// <param name="multicastInterface">The local interface (as for <see cref="AddMembership"/>); null lets the OS pick.</param>
    public void AddSourceSpecificMembership(string sourceAddress, string groupAddress, string? multicastInterface = null) =>
        SetSourceMembership(join: true, sourceAddress, groupAddress, multicastInterface, "addSourceSpecificMembership");

    /// <summary>
    /// Leaves a source-specific channel. Throws <c>EADDRNOTAVAIL</c> when not joined, <c>EINVAL</c> for an invalid address,
    /// <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    /// <param name="sourceAddress">The sender of the channel.</param>
    /// <param name="groupAddress">The group of the channel.</param>
    /// <param name="multicastInterface">The interface it was joined on; null lets the OS pick.</param>
    public void DropSourceSpecificMembership(string sourceAddress, string groupAddress, string? multicastInterface = null) =>
        SetSourceMembership(join: false, sourceAddress, groupAddress, multicastInterface, "dropSourceSpecificMembership");

    /// <summary>
    /// Sets the outgoing interface for multicast: an IPv4 address of the interface, or for udp6 an address with a scope
    /// (<c>::%lo</c>, <c>::%1</c>); the family's any-address gives the choice back to the OS. Throws <c>EINVAL</c> for an
    /// unparsable address or the wrong family, <c>EBADF</c> before bind, <c>ERR_SOCKET_DGRAM_NOT_RUNNING</c> when closed.
    /// </summary>
    /// <param name="multicastInterface">The interface's address.</param>
    public void SetMulticastInterface(string multicastInterface)
    {
        const string Syscall = "setMulticastInterface";
        ISocketEngine engine = BoundEngine(Syscall);
        // Node validates only that it is a string: an empty one reaches libuv, which cannot parse it (EINVAL).
        if (multicastInterface is null)
        {
            throw DgramErrors.MissingArgument(nameof(multicastInterface));
        }
        if (!AddressResolver.TryParseLiteral(multicastInterface, out var address) || address.AddressFamily != _family)
        {
            throw SystemErrors.InvalidArgument(Syscall);
        }
        try
        {
            engine.SetMulticastInterface(address);
        }
        catch (SocketException exception)
        {
            throw SystemErrors.From(exception, Syscall);
        }
        catch (ObjectDisposedException)
        {
            throw DgramErrors.NotRunning();
        }
    }

    private void SetMembership(bool join, string multicastAddress, string? multicastInterface, string syscall)
    {
        ISocketEngine engine = HealthCheck();
        Arguments.Required(multicastAddress, nameof(multicastAddress));
        IPAddress group = ParseAddress(multicastAddress, syscall);
        IPAddress? local = string.IsNullOrEmpty(multicastInterface) ? null : ParseAddress(multicastInterface, syscall);
        if ((group.AddressFamily == AddressFamily.InterNetworkV6 && _family == AddressFamily.InterNetwork)
            || (local is not null && local.AddressFamily != group.AddressFamily))
        {
            throw SystemErrors.InvalidArgument(syscall);
        }
        BindImplicitlyForMembership(join);
        try
        {
            engine.SetMembership(join, group, local);
        }
        catch (SocketException exception)
        {
            throw SystemErrors.From(exception, syscall);
        }
        catch (ObjectDisposedException)
        {
            throw DgramErrors.NotRunning();
        }
    }

    private void SetSourceMembership(bool join, string sourceAddress, string groupAddress, string? multicastInterface, string syscall)
    {
        ISocketEngine engine = HealthCheck();
        Arguments.Required(sourceAddress, nameof(sourceAddress));
        Arguments.Required(groupAddress, nameof(groupAddress));
        IPAddress source = ParseAddress(sourceAddress, syscall);
        IPAddress group = ParseAddress(groupAddress, syscall);
        IPAddress? local = string.IsNullOrEmpty(multicastInterface) ? null : ParseAddress(multicastInterface, syscall);
        if (source.AddressFamily != group.AddressFamily
            || (group.AddressFamily == AddressFamily.InterNetworkV6 && _family == AddressFamily.InterNetwork)
            || (local is not null && local.AddressFamily != group.AddressFamily))
        {
            throw SystemErrors.InvalidArgument(syscall);
        }
        BindImplicitlyForMembership(join);
        try
        {
            engine.SetSourceMembership(join, source, group, local);
        }
        catch (SocketException exception)
        {
            throw SystemErrors.From(exception, syscall);
        }
        catch (ObjectDisposedException)
        {
            throw DgramErrors.NotRunning();
        }
    }

    /// <summary>Node's docs: a membership call on an unbound socket binds it to a random port on all interfaces.</summary>
    private void BindImplicitlyForMembership(bool join)
    {
        if (!join)
        {
            return;
        }
        bool bind;
        lock (_gate)
        {
            bind = _engine is not null && BeginImplicitBindLocked();
        }
        if (bind)
        {
            StartImplicitBind();
        }
    }

    private static IPAddress ParseAddress(string address, string syscall) =>
        AddressResolver.TryParseLiteral(address, out var parsed) ? parsed : throw SystemErrors.InvalidArgument(syscall);
}
