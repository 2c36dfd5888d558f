using TypedDgram.PubSub;

namespace TypedDgram.Nats;

/// <summary>What a <see cref="NatsBridge"/> joins: one multicast group on a pinned interface, and one NATS bus (docs/nats.md, "The bridge").</summary>
public sealed class NatsBridgeOptions
{
    /// <summary>The multicast side: group, port and the interface it is pinned to, as for <see cref="MulticastBus.JoinAsync"/>.</summary>
    public MulticastOptions? Multicast { get; set; }

    /// <summary>
    /// The NATS side: server, bus name, subject prefix, credentials. Its <see cref="NatsBusOptions.Echo"/> is not used
    /// (a bridge never receives what it publishes itself), and it must not name a <see cref="NatsBusOptions.QueueGroup"/>
    /// unless several bridges of one segment are meant to share the relaying; its <see cref="NatsBusOptions.TypeIds"/> is
    /// replaced by <see cref="TypeIds"/>.
    /// </summary>
    public NatsBusOptions Nats { get; set; } = new();

    /// <summary>The type ids of the contracts relayed, both ways; empty (the default): every contract.</summary>
    public IList<uint> TypeIds { get; } = [];
}
