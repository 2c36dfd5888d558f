using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Sockets;

/// <summary>
/// Turns the address strings given to bind, connect and send into IP addresses of the socket's family, through
/// the <see cref="SocketOptions.Lookup"/> function or the system resolver (Node's <c>lookup4</c>/<c>lookup6</c>).
/// </summary>
internal sealed class AddressResolver(AddressFamily family, DnsLookup? lookup)
{
    /// <summary>All interfaces: where bind goes without an address.</summary>
    public string AnyAddress { get; } = family == AddressFamily.InterNetwork ? "0.0.0.0" : "::";

    /// <summary>Where send and connect go without an address (Node: <c>'127.0.0.1'</c> or <c>'::1'</c>).</summary>
    public string LoopbackAddress { get; } = family == AddressFamily.InterNetwork ? "127.0.0.1" : "::1";

    /// <summary>The host a send or connect without an address goes to: <paramref name="address"/>, or <see cref="LoopbackAddress"/>.</summary>
    public string HostOrLoopback(string? address) => string.IsNullOrEmpty(address) ? LoopbackAddress : address;

    /// <summary>True when addresses are resolved by the custom lookup, which must see every call.</summary>
    public bool HasCustomLookup => lookup is not null;

    /// <summary>Resolves a host name or address; errors are <see cref="DgramException"/>s (<c>ENOTFOUND</c>, ... with syscall <c>getaddrinfo</c>).</summary>
    public async ValueTask<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken = default)
    {
        try
        {
            if (lookup is not null)
            {
                return await lookup(host, family, cancellationToken).ConfigureAwait(false) ?? throw NotFound(host, null);
            }
            if (TryParseLiteral(host, out var literal))
            {
                return literal;
            }
            var addresses = await Dns.GetHostAddressesAsync(host, family, cancellationToken).ConfigureAwait(false);
            return addresses.Length > 0 ? addresses[0] : throw NotFound(host, null);
        }
        catch (DgramException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (SocketException exception)
        {
            throw SystemErrors.Create(SystemErrors.CodeOf(exception.SocketErrorCode), "getaddrinfo", host, null, exception);
        }
        catch (Exception exception)
        {
            throw NotFound(host, exception);
        }
    }

    /// <summary>
    /// The endpoint to use on this socket: a udp6 socket reaches IPv4 addresses through their mapped form; a udp4
    /// socket cannot use an IPv6 address (<c>EINVAL</c>, as libuv).
    /// </summary>
    public IPEndPoint ToEndPoint(IPAddress address, int port, string syscall, string host)
    {
        if (family == AddressFamily.InterNetwork)
        {
            return address.AddressFamily == AddressFamily.InterNetwork
                ? new IPEndPoint(address, port)
                : throw SystemErrors.Create(DgramErrorCode.InvalidArgument, syscall, host, port);
        }
        return new IPEndPoint(address.AddressFamily == AddressFamily.InterNetwork ? address.MapToIPv6() : address, port);
    }

    /// <summary>
    /// Parses an IP address the way <c>inet_pton</c> (and so libuv and Node's <c>isIP</c>) does: IPv4 only as a dotted
    /// quad, so "0" or "1.2" are not addresses, unlike for <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>.
    /// </summary>
    public static bool TryParseLiteral(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        if (IPAddress.TryParse(text, out address)
            && (address.AddressFamily == AddressFamily.InterNetworkV6 || text.AsSpan().Count('.') == 3))
        {
            return true;
        }
        address = null;
        return false;
    }

    private static DgramException NotFound(string host, Exception? inner) =>
        SystemErrors.Create(DgramErrorCode.NotFound, "getaddrinfo", host, null, inner);
}
