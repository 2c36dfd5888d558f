using Microsoft.CodeAnalysis;

namespace TypedDgram.Generators.Diagnostics
{
    /// <summary>
    /// The one table of every diagnostic TypedDgram reports. TDG0xxx: misuse of the socket API
    /// (what Node only reports at run time). TDG1xxx: contract rules (what the generator cannot emit).
    /// Each id has a page at docs/diagnostics/&lt;id&gt;.md, which is its help link.
    /// </summary>
    internal static class DiagnosticDescriptors
    {
        private const string HelpLinkBase = "https://github.com/typeddgram/typeddgram/blob/main/docs/diagnostics/";

        internal const string ApiUsageCategory = "TypedDgram.Usage";
        internal const string ContractCategory = "TypedDgram.Contracts";

        private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string category, DiagnosticSeverity severity, string description)
            => new DiagnosticDescriptor(id, title, messageFormat, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLinkBase + id + ".md");

        // ---------------------------------------------------------------------------------
        // TDG0xxx: socket API misuse
        // ---------------------------------------------------------------------------------
        // Errors for what certainly throws or cannot work; warnings for what is very likely a bug
        // but can run (a connect still in progress, ASCII-only text, fragmentation, a race).

        /// <summary>Send given an offset without a length, or a length without an offset.</summary>
        internal static readonly DiagnosticDescriptor SendOffsetWithoutLength = Create(
            "TDG0001",
            "Send needs both offset and length, or neither",
            "Send is given {0} without {1}: Node requires both or neither, so this call throws a DgramException",
            ApiUsageCategory,
            DiagnosticSeverity.Error,
            "socket.send(msg[, offset, length][, port][, address][, callback]): offset and length are optional, but both must be set if either is used.");

        /// <summary>Send with a port or address on a socket that is connected at that point.</summary>
        internal static readonly DiagnosticDescriptor SendWithPortOnConnectedSocket = Create(
            "TDG0002",
            "Send on a connected socket must not name a port or address",
            "'{0}' is connected here, so Send must not be given a port or address: a connected socket sends to its remote endpoint and throws ERR_SOCKET_DGRAM_IS_CONNECTED",
            ApiUsageCategory,
            DiagnosticSeverity.Warning,
            "Connected sockets use their associated remote endpoint, so the port and address arguments must not be set. A warning rather than an error: right after a synchronous Connect the connection may still be in progress.");

        /// <summary>A string message's offset or length computed in UTF-16 characters.</summary>
        internal static readonly DiagnosticDescriptor StringOffsetInCharacters = Create(
            "TDG0003",
            "A string message's offset and length count UTF-8 bytes, not characters",
            "'{0}' counts UTF-16 characters, but Send counts a string message's offset and length in UTF-8 bytes; use Encoding.UTF8.GetByteCount",
            ApiUsageCategory,
            DiagnosticSeverity.Warning,
            "A string message is sent as UTF-8; with multi-byte characters, offset and length are calculated with respect to byte length and not the character position.");

        /// <summary>A constant port outside the valid range.</summary>
        internal static readonly DiagnosticDescriptor PortOutOfRange = Create(
            "TDG0004",
            "Port out of range",
            "Port {0} is out of range for {1}: it must be {2}..65535, or the call throws ERR_SOCKET_BAD_PORT",
            ApiUsageCategory,
            DiagnosticSeverity.Error,
            "Bind accepts ports 0..65535 (0 picks a random port); Send and Connect need a destination port 1..65535.");

        /// <summary>A constant TTL outside the valid range.</summary>
        internal static readonly DiagnosticDescriptor TtlOutOfRange = Create(
            "TDG0005",
            "TTL out of range",
            "TTL {0} is out of range for {1}: it must be {2}..255, or the call throws EINVAL",
            ApiUsageCategory,
            DiagnosticSeverity.Error,
            "SetTTL accepts 1..255 and SetMulticastTTL accepts 0..255.");

        /// <summary>A constant address that cannot work where it is used.</summary>
        internal static readonly DiagnosticDescriptor AddressCannotWork = Create(
            "TDG0006",
            "Address cannot work here",
            "\"{0}\" cannot work as {1}: {2}",
            ApiUsageCategory,
            DiagnosticSeverity.Error,
            "Membership calls need a multicast group (224.0.0.0/4 or ff00::/8) and IP literals; a udp4 socket cannot use an IPv6 address; an IP literal must be valid.");

        /// <summary>Connect on a connected socket, or Disconnect/RemoteAddress on one that is not connected.</summary>
        internal static readonly DiagnosticDescriptor ConnectStateMisuse = Create(
            "TDG0007",
            "Connect state misuse",
            "{0}",
            ApiUsageCategory,
            DiagnosticSeverity.Error,
            "Connect on an already connected socket throws ERR_SOCKET_DGRAM_IS_CONNECTED; Disconnect and RemoteAddress on a socket that is not connected throw ERR_SOCKET_DGRAM_NOT_CONNECTED.");

        /// <summary>A constant payload larger than a UDP datagram can carry.</summary>
        internal static readonly DiagnosticDescriptor PayloadTooLarge = Create(
            "TDG0008",
            "Datagram payload too large",
            "The payload is {0} bytes, but a UDP datagram over {1} carries at most {2} bytes: the send fails with EMSGSIZE",
            ApiUsageCategory,
            DiagnosticSeverity.Error,
            "The UDP payload is limited by the 16-bit length fields: 65,507 bytes over IPv4, 65,527 bytes over IPv6.");

        /// <summary>A constant multicast payload that will be fragmented on a common 1,500-byte MTU.</summary>
        internal static readonly DiagnosticDescriptor MulticastPayloadFragments = Create(
            "TDG0008",
            "Multicast payload larger than one Ethernet frame",
            "The payload is {0} bytes, more than the {1} bytes that fit a 1,500-byte MTU: the multicast datagram is fragmented, and a lost fragment loses it for every receiver",
            ApiUsageCategory,
            DiagnosticSeverity.Warning,
            "A multicast datagram above 1,472 bytes (IPv4; 1,452 over IPv6) is fragmented on Ethernet; fragments are often dropped.");

        /// <summary>An option or query that needs a bound socket, on a socket provably unbound.</summary>
        internal static readonly DiagnosticDescriptor NeedsBoundSocket = Create(
            "TDG0009",
            "Socket option needs a bound socket",
            "'{0}' is not bound here, so {1} throws {2}; call it in the Bind callback, in a Listening handler or after await BindAsync",
            ApiUsageCategory,
            DiagnosticSeverity.Error,
            "Until the socket is listening, the underlying system resources do not exist and calls such as Address() and SetTTL() fail.");

        /// <summary>A Listening handler subscribed after the socket's bind has started.</summary>
        internal static readonly DiagnosticDescriptor LateListeningHandler = Create(
            "TDG0010",
            "Listening handler subscribed after the bind started",
            "'{0}' has already started binding here, so this Listening handler can miss the event; subscribe before Bind, Send or Connect",
            ApiUsageCategory,
            DiagnosticSeverity.Warning,
            "Listening is raised once, on the thread pool, when the bind completes; a handler added after the bind started may run or not depending on timing.");

        // ---------------------------------------------------------------------------------
        // TDG1xxx: contract rules
        // ---------------------------------------------------------------------------------



    }
}
