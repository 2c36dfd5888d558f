using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Cli;

/// <summary>A destination written <c>host:port</c>, <c>1.2.3.4:port</c> or <c>[::1]:port</c>.</summary>
internal readonly record struct HostPort(string Host, int Port)
{
    /// <summary>The socket type to send from: <c>udp6</c> for an IPv6 literal, else <c>udp4</c>.</summary>
    public string SocketType =>
        IPAddress.TryParse(Host, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6 ? "udp6" : "udp4";

    /// <summary>Whether the host is a multicast group literal (224.0.0.0/4 or ff00::/8).</summary>
    public bool IsMulticast => MulticastRule.IsGroup(Host);

    public static bool TryParse(string text, out HostPort value, out string? error)
    {
        value = default;
        error = null;
        string host;
        string port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{text}' is not [address]:port";
                return false;
            }

            host = text[1..close];
            port = text[(close + 2)..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon <= 0 || text.IndexOf(':') != colon)
            {
                error = $"'{text}' is not host:port (write an IPv6 address as [address]:port)";
                return false;
            }

            host = text[..colon];
            port = text[(colon + 1)..];
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            error = $"'{port}' is not a port number";
            return false;
        }

        value = new HostPort(host, number);
        return true;
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
