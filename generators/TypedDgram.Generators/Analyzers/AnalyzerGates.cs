using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>
    /// The switch that turns every gate off: the syntax gates of the per-call rules (<see cref="SocketCallAnalyzer"/>)
    /// and the syntax and operation gates of the flow rules (<see cref="Flow.SocketFlowAnalyzer"/>). A gate only saves
    /// work, so the analyzers must report the same with the gates open; the differential tests prove it by setting
    /// <c>typeddgram_analyzers.open_gates = true</c> in a global analyzer config. Read once per compilation.
    /// </summary>
    internal static class AnalyzerGates
    {
        internal const string OpenGatesKey = "typeddgram_analyzers.open_gates";

        public static bool AreOpen(AnalyzerOptions options)
            => options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(OpenGatesKey, out var value)
                && string.Equals(value, "true", System.StringComparison.OrdinalIgnoreCase);
    }
}
