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



    }
}
