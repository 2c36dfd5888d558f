using Microsoft.CodeAnalysis;

namespace TypedDgram.Generators.Compatibility
{
    /// <summary>
    /// TDG11xx: wire compatibility with the contracts recorded in DatagramContracts.Shipped.txt. Errors for the
    /// changes docs/wire-format.md section 4 calls incompatible; a warning for a compatible change not yet recorded.
    /// Each id has a page at docs/diagnostics/&lt;id&gt;.md, which is its help link.
    /// </summary>
    internal static class CompatibilityDescriptors
    {
        private const string HelpLinkBase = "https://github.com/typeddgram/typeddgram/blob/main/docs/diagnostics/";

        internal const string Category = "TypedDgram.Compatibility";

        private const string Evolve = " Evolve a contract by appending optional members (nullable, a value type, or with a default), or add a new contract with a new id.";

        private static DiagnosticDescriptor Create(string id, string title, string messageFormat, DiagnosticSeverity severity, string description, params string[] tags)
            => new DiagnosticDescriptor(id, title, messageFormat, Category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLinkBase + id + ".md", customTags: tags);

        /// <summary>A member of a shipped contract is gone.</summary>
        internal static readonly DiagnosticDescriptor MemberRemoved = Create(
            "TDG1101",
            "Member removed from a shipped contract",
            "'{0}' no longer has shipped member '{1}' (position {2}): peers running the shipped build {3}",
            DiagnosticSeverity.Error,
            "Members are read by position. Removing one shifts every member after it, and peers that still have it read its default (or reject the datagram when it is required) instead of the value they expect." + Evolve);

        /// <summary>A member is at another position than the one it shipped at, or a new one is inserted before shipped ones.</summary>
        internal static readonly DiagnosticDescriptor MemberMoved = Create(
            "TDG1102",
            "Member not at its shipped position",
            "'{0}' {1}: peers running the shipped build read the members after position {2} by their old positions, and misread or reject them",
            DiagnosticSeverity.Error,
            "Members are read by position, and names are not on the wire. Reordering members, or inserting one anywhere but the end, gives shipped peers other values than the ones they expect at those positions." + Evolve);

        /// <summary>A shipped member's wire type changed to one that does not read the same.</summary>
        internal static readonly DiagnosticDescriptor MemberRetyped = Create(
            "TDG1103",
            "Member of a shipped contract retyped incompatibly",
            "Member '{0}' of '{1}' shipped as '{2}' and is now '{3}': {4}",
            DiagnosticSeverity.Error,
            "Compatible type changes are a wider integer, float to double, a member made nullable, and changes within arrays (T[], List<T>, IReadOnlyList<T>, ImmutableArray<T>) or maps (Dictionary, IReadOnlyDictionary). Any other change is another encoding, or a narrower range, that shipped peers misread or reject." + Evolve);

        /// <summary>A member that writers of the shipped build may leave out is now required.</summary>
        internal static readonly DiagnosticDescriptor MemberRequired = Create(
            "TDG1104",
            "Member required that shipped writers may leave out",
            "Member '{0}' of '{1}' is required (a non-nullable reference without a default) but {2}: datagrams without it are malformed (MissingMember) to this build",
            DiagnosticSeverity.Error,
            "A datagram may end before members its writer does not know; the reader gives those their default. A required member has none, so every datagram from a writer that leaves it out is rejected. Make the member nullable or give it a default." + Evolve);

        /// <summary>A shipped contract's type id changed.</summary>
        internal static readonly DiagnosticDescriptor TypeIdChanged = Create(
            "TDG1105",
            "Type id of a shipped contract changed",
            "'{0}' shipped with type id {1} and now has {2}{3}: peers running the shipped build do not recognise its datagrams, and this build ignores theirs",
            DiagnosticSeverity.Error,
            "Element 0 of every datagram is the contract's type id; receivers pick the contract by it. A new explicit Id, or a rename or move of a contract whose id is hashed from its full name, changes it. Keep the shipped id (an explicit Id survives renames)." + Evolve);

        /// <summary>A contract has the type id a different shipped contract has.</summary>
        internal static readonly DiagnosticDescriptor TypeIdReused = Create(
            "TDG1106",
            "Type id of another shipped contract reused",
            "'{0}' has type id {1}, which shipped as the id of '{2}'{3}: peers running the shipped build read its datagrams as '{2}'",
            DiagnosticSeverity.Error,
            "Receivers pick the contract by type id, so a shipped id means the shipped contract to every deployed peer for as long as any runs. Give the new contract an id of its own." + Evolve);

        /// <summary>A shipped contract no longer exists; reported on its line in DatagramContracts.Shipped.txt.</summary>
        internal static readonly DiagnosticDescriptor ShippedContractDeleted = Create(
            "TDG1107",
            "Shipped contract deleted",
            "Shipped {0} '{1}' no longer exists{2}: peers running the shipped build still send it, and this build ignores or rejects what they send",
            DiagnosticSeverity.Error,
            "A contract's datagrams keep arriving for as long as peers of the build that shipped it run. Keep the contract (it may stop being sent); remove its line from DatagramContracts.Shipped.txt only once no peer sends it." + Evolve,
            WellKnownDiagnosticTags.CompilationEnd);

        /// <summary>A new contract, or a compatible change to a recorded one, is not in DatagramContracts.Unshipped.txt.</summary>
        internal static readonly DiagnosticDescriptor NotRecorded = Create(
            "TDG1108",
            "Contract change not yet recorded",
            "'{0}' is not recorded as it is now: add '{1}' to DatagramContracts.Unshipped.txt",
            DiagnosticSeverity.Warning,
            "Every contract's wire layout is recorded, so that a later change that breaks peers is a compile error. A compatible change (a new contract, an optional member appended, a wider type) goes into DatagramContracts.Unshipped.txt; the code fix writes it there. Releasing moves those lines into DatagramContracts.Shipped.txt.");

        /// <summary>A line of either file that is not a contract line.</summary>
        internal static readonly DiagnosticDescriptor UnreadableLine = Create(
            "TDG1109",
            "Line in a contracts file cannot be read",
            "This line of {0} is not a contract: expected 'Full.Name = <id or part>: [0] <wire type> <Name> [required], [1] ...'",
            DiagnosticSeverity.Error,
            "Each line of DatagramContracts.Shipped.txt and .Unshipped.txt records one contract or part; '#' starts a comment. A line the analyzer cannot read would leave a contract unchecked.",
            WellKnownDiagnosticTags.CompilationEnd);
    }
}
