using Microsoft.CodeAnalysis;

namespace TypedDgram.Generators.Analyzers.Flow
{
    /// <summary>The flow rules; each analyzer reports its own.</summary>
    internal enum FlowRule
    {
        /// <summary>TDG0002: Send with a port or address on a connected socket.</summary>
        SendWithDestinationWhenConnected,

        /// <summary>TDG0011: Send with no port on a socket that is not connected.</summary>
        SendWithoutDestinationWhenNotConnected,

        /// <summary>TDG0007: Connect on a connected socket.</summary>
        ConnectWhenConnected,

        /// <summary>TDG0007: Disconnect or RemoteAddress on a socket that is not connected.</summary>
        NeedsConnection,

        /// <summary>TDG0009: an option that needs a bound socket, on an unbound one.</summary>
        NeedsBound,

        /// <summary>TDG0010: a Listening handler subscribed after the bind started.</summary>
        LateListening,
    }

    /// <summary>One place where a flow rule holds: the rule, where, which socket variable and which member.</summary>
    internal readonly struct FlowFinding
    {
        public FlowFinding(FlowRule rule, Location location, string socketName, string memberName, string? detail = null)
        {
            Rule = rule;
            Location = location;
            SocketName = socketName;
            MemberName = memberName;
            Detail = detail;
        }

        public FlowRule Rule { get; }

        public Location Location { get; }

        public string SocketName { get; }

        public string MemberName { get; }

        /// <summary>More for the message, when the rule has more to say (TDG0011: the numbers read as offset and length).</summary>
        public string? Detail { get; }
    }
}
