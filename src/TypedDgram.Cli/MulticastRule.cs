using System.Net;
using System.Net.Sockets;

namespace TypedDgram.Cli;

/// <summary>
/// The rule every command keeps: a multicast destination or group needs <c>--interface</c>. Left to the system, a
/// multicast datagram goes out of whatever interface the routing table picks, which can take it off the machine.
/// </summary>
internal static class MulticastRule
{
    /// <summary>Whether <paramref name="host"/> is a multicast address literal (224.0.0.0/4 or ff00::/8).</summary>
    public static bool IsGroup(string? host) => host is not null && IPAddress.TryParse(host, out var address) && (address.AddressFamily == AddressFamily.InterNetworkV6
        ? address.IsIPv6Multicast
        : (address.GetAddressBytes()[0] & 0xF0) == 0xE0);

    /// <summary>The error for <paramref name="group"/> given without an interface, or null when one was given.</summary>
    public static string? RequireInterface(string command, string group, string? @interface) => @interface is not null ? null : $"""
        tdg {command}: {group} is a multicast group: give --interface <this host's address on the link to use> (127.0.0.1 keeps everything on this host).
        Without it the system picks the interface, and the datagrams can leave the machine.
        """;
}
