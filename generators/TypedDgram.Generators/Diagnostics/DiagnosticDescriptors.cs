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
        // RepositoryInfo is generated from the RepositoryUrl property (Directory.Build.targets), as the packages' URL is.
        private const string HelpLinkBase = RepositoryInfo.DocsUrl + "docs/diagnostics/";

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
            "Send is given {0} without {1}: Node requires both or neither, so this call throws ERR_INVALID_ARG_VALUE",
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

        /// <summary>Send with no port on a socket that is surely not connected.</summary>
        internal static readonly DiagnosticDescriptor SendWithoutDestination = Create(
            "TDG0011",
            "Send on a socket that is not connected needs a port",
            "'{0}' is not connected here, so {1} needs a destination port: without one it throws ERR_SOCKET_BAD_PORT{2}",
            ApiUsageCategory,
            DiagnosticSeverity.Error,
            "A socket that is not connected sends to the port and address given to Send; with no port the call throws ERR_SOCKET_BAD_PORT. Send(buffer, 2, 41234) gives an offset and a length, not a port.");

        /// <summary>A constant offset or length outside a message whose size is known.</summary>
        internal static readonly DiagnosticDescriptor SendOutOfBounds = Create(
            "TDG0012",
            "Send's offset and length must lie inside the message",
            "The {0} {1} is outside the {2}-byte message{3}: Send throws ERR_BUFFER_OUT_OF_BOUNDS",
            ApiUsageCategory,
            DiagnosticSeverity.Error,
            "Send's offset must be 0..the message's length and offset + length at most its length (UTF-8 bytes for a string); otherwise the call throws ERR_BUFFER_OUT_OF_BOUNDS.");

        // ---------------------------------------------------------------------------------
        // TDG1xxx: contract rules
        // ---------------------------------------------------------------------------------
        // All errors: each is something the generator cannot emit, so the program could not send or read the contract.

        /// <summary>A contract, part or handler class (or a type around it) is not declared partial.</summary>
        internal static readonly DiagnosticDescriptor NotPartial = Create(
            "TDG1001",
            "Type must be partial",
            "'{0}' must be declared partial so that TypedDgram can generate its {1}",
            ContractCategory,
            DiagnosticSeverity.Error,
            "The generator adds members to [Datagram] and [DatagramPart] records and to classes with [DatagramHandler] methods; every declaration of the type, and of each type that contains it, needs the partial modifier.");

        /// <summary>Two contracts in one compilation have the same type id.</summary>
        internal static readonly DiagnosticDescriptor DuplicateTypeId = new DiagnosticDescriptor(
            "TDG1002",
            "Two contracts have the same type id",
            "Type id {0} of '{1}' is also the id of '{2}': a receiver could not tell their datagrams apart",
            ContractCategory,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "Element 0 of every datagram is its contract's type id, so ids must be unique. Give one of the contracts another explicit Id (a hashed id collides only if two full names hash alike; an explicit Id resolves that too).",
            helpLinkUri: HelpLinkBase + "TDG1002.md",
            customTags: WellKnownDiagnosticTags.CompilationEnd);

        /// <summary>A member's type cannot be written to the wire.</summary>
        internal static readonly DiagnosticDescriptor UnsupportedMemberType = Create(
            "TDG1003",
            "Member type not supported in a datagram",
            "Member '{0}' of '{1}' has type '{2}', which a datagram cannot carry",
            ContractCategory,
            DiagnosticSeverity.Error,
            "Members may be C# primitives, string, byte[], ReadOnlyMemory<byte>, enums, Guid, DateTime, DateTimeOffset, TimeSpan, decimal, nullables of these, arrays, List<T>, IReadOnlyList<T>, ImmutableArray<T>, Dictionary<K,V>, IReadOnlyDictionary<K,V> (keys: non-null plain values) and other [Datagram] or [DatagramPart] records.");

        /// <summary>A [DatagramHandler] method has a shape the dispatcher cannot call.</summary>
        internal static readonly DiagnosticDescriptor BadHandlerSignature = Create(
            "TDG1004",
            "Handler has the wrong signature",
            "Handler '{0}' must be an instance, non-generic method of a class taking (TContract message) or (TContract message, RemoteInfo from) and returning void, ValueTask or Task (a request's handler may return its response instead: TResponse, ValueTask<TResponse> or Task<TResponse>)",
            ContractCategory,
            DiagnosticSeverity.Error,
            "The generated dispatcher calls each handler with the message and, if asked, the sender, and observes the ValueTask or Task it returns.");

        /// <summary>A [DatagramHandler] method's message parameter is not a [Datagram] contract.</summary>
        internal static readonly DiagnosticDescriptor HandlerForNonContract = Create(
            "TDG1005",
            "Handler's message type is not a contract",
            "Handler '{0}' takes '{1}', which is not a [Datagram] record, so no datagram can be dispatched to it",
            ContractCategory,
            DiagnosticSeverity.Error,
            "Dispatch goes by type id, and only [Datagram] records have one ([DatagramPart] records travel inside contracts).");

        /// <summary>An explicit type id outside 1..0x7FFFFEFF.</summary>
        internal static readonly DiagnosticDescriptor IdOutOfRange = Create(
            "TDG1006",
            "Type id out of range",
            "Type id {0} is out of range: explicit ids are 1..2147483391 (0x7FFFFEFF); 0 is invalid, the ids above are reserved for TypedDgram, and hashed ids have the top bit set",
            ContractCategory,
            DiagnosticSeverity.Error,
            "The 32-bit id space is split so explicit ids never collide with hashed ones or with TypedDgram's own protocols (docs/wire-format.md).");

        /// <summary>[Datagram] or [DatagramPart] on something that is not a concrete, non-generic record.</summary>
        internal static readonly DiagnosticDescriptor NotAConcreteRecord = Create(
            "TDG1007",
            "Contract must be a concrete, non-generic record",
            "'{0}' must be a non-abstract, non-generic record outside any generic type{1}",
            ContractCategory,
            DiagnosticSeverity.Error,
            "A contract's wire layout and type id must not depend on type arguments, and the reader must be able to construct it: a positional record, or a record with a public parameterless constructor and public init or set properties.");

        /// <summary>Two handlers for one contract in one class.</summary>
        internal static readonly DiagnosticDescriptor DuplicateHandler = Create(
            "TDG1008",
            "Two handlers for one contract",
            "'{0}' already has a handler for '{1}' ('{2}'); each contract can have one handler per class",
            ContractCategory,
            DiagnosticSeverity.Error,
            "The dispatcher switches on the type id and calls one method per id.");

        /// <summary>A handler class derives from a class whose IDatagramHandlers implementation its generated dispatch cannot fall back to.</summary>
        internal static readonly DiagnosticDescriptor BaseDispatchHidden = Create(
            "TDG1009",
            "Handler class hides its base class's dispatch",
            "'{0}' has handlers of its own, so its generated dispatch replaces the IDatagramHandlers implementation of its base class '{1}', which has no DispatchDatagram to fall back to: datagrams only '{1}' handles go unhandled",
            ContractCategory,
            DiagnosticSeverity.Warning,
            "A derived handler class falls back to its base class's generated DispatchDatagram for the type ids it does not handle. A base class that implements IDatagramHandlers by hand, or was built by a TypedDgram generator older than that method, cannot be called that way. Move the handlers into one class, or rebuild the base class with this generator.");

        /// <summary>A request's [DatagramHandler] returns something other than the request's response.</summary>
        internal static readonly DiagnosticDescriptor ResponseMismatch = Create(
            "TDG1010",
            "Handler's return type does not match the request's response type",
            "Handler '{0}' handles '{1}', a request answered by '{2}', so it returns '{2}', ValueTask<{2}> or Task<{2}> (or void, ValueTask or Task to send no answer), not '{3}'",
            ContractCategory,
            DiagnosticSeverity.Error,
            "The generated dispatch sends a request handler's return value back to the requester as the response the request declares with IRequest<TResponse>; the requester reads it as that contract, so the handler must return exactly it.");

        /// <summary>A request's [DatagramHandler] returns nothing, so its requester gets no response.</summary>
        internal static readonly DiagnosticDescriptor RequestWithoutResponse = Create(
            "TDG1011",
            "Request handler sends no response",
            "Handler '{0}' handles '{1}', a request answered by '{2}', but returns no '{2}': the requester waits until its timeout; return the response, or suppress this warning where not answering is deliberate",
            ContractCategory,
            DiagnosticSeverity.Warning,
            "Only a request handler's return value goes back to the requester. A handler that returns void, ValueTask or Task for a request answers nothing, and RequestAsync ends with RequestTimeoutException after every retry.");



    }
}
