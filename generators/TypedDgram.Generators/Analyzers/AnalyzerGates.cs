using Microsoft.CodeAnalysis.Diagnostics;

namespace TypedDgram.Generators.Analyzers
{
    /// <summary>The tiers of gates: each only saves work, and each can be opened on its own to measure what it saves.</summary>
    [System.Flags]
    internal enum GateTiers
    {
        None = 0,

        /// <summary>The per-call rules' syntax gates (<see cref="SocketCallAnalyzer"/>'s <c>MayReport</c>).</summary>
        CallSyntax = 1,

        /// <summary>The flow rules' syntax census (<see cref="Flow.SocketFlowAnalyzer"/>'s <c>MayFire</c>).</summary>
        FlowSyntax = 2,

        /// <summary>The flow rules' operation census (<see cref="Flow.SocketFlowAnalyzer"/>'s <c>CouldFire</c>).</summary>
        FlowOperations = 4,

        All = CallSyntax | FlowSyntax | FlowOperations,
    }

    /// <summary>
    /// The switch that turns gates off. A gate only saves work, so the analyzers must report the same with the gates
    /// open: the differential tests set <c>typeddgram_analyzers.open_gates = true</c> in a global analyzer config
    /// (every tier), and the analyzer benchmark opens one tier at a time (<c>call_syntax</c>, <c>flow_syntax</c>,
    /// <c>flow_operations</c>, comma-separated) to measure what each saves. Read once per compilation.
    /// </summary>
    internal static class AnalyzerGates
    {
        internal const string OpenGatesKey = "typeddgram_analyzers.open_gates";

        public static GateTiers OpenTiers(AnalyzerOptions options)
        {
            if (!options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(OpenGatesKey, out var value))
            {
                return GateTiers.None;
            }

            var open = GateTiers.None;
            foreach (var part in value.Split(','))
            {
                switch (part.Trim().ToLowerInvariant())
                {
                    case "true":
                        open |= GateTiers.All;
                        break;
                    case "call_syntax":
                        open |= GateTiers.CallSyntax;
                        break;
                    case "flow_syntax":
                        open |= GateTiers.FlowSyntax;
                        break;
                    case "flow_operations":
                        open |= GateTiers.FlowOperations;
                        break;
                }
            }

            return open;
        }
    }
}
