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
            "Handler '{0}' must be an instance, non-generic method of a class taking (TContract message) or (TContract message, RemoteInfo from) and returning void, ValueTask or Task",
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



    }
}
