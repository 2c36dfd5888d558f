using TypedDgram.PubSub;

namespace TypedDgram.Nats;

/// <summary>What a <see cref="NatsBridge"/> joins: one multicast group on a pinned interface, and one NATS bus (docs/nats.md, "The bridge").</summary>
public sealed class NatsBridgeOptions
{
    /// <summary>The multicast side's group, as <see cref="MulticastOptions.Group"/>. Required.</summary>
    public string? Group { get; set; }

    /// <summary>The multicast side's port, as <see cref="MulticastOptions.Port"/> (0: the system picks one, <see cref="NatsBridge.MulticastPort"/>).</summary>
    public int Port { get; set; }

    /// <summary>The interface the multicast side is pinned to, as <see cref="MulticastOptions.Interface"/>. Required.</summary>
    public string? Interface { get; set; }

    /// <summary>The multicast TTL of what the bridge relays into the group, as <see cref="MulticastOptions.Ttl"/>.</summary>
    public int Ttl { get; set; } = 1;

    /// <summary>The multicast receive socket's buffer size (<c>SO_RCVBUF</c>) in bytes, as <see cref="MulticastOptions.RecvBufferSize"/>; null: the system's default.</summary>
    public int? RecvBufferSize { get; set; }

    /// <summary>
    /// The largest publication relayed into the group, as <see cref="MulticastOptions.MaxDatagramSize"/>; larger ones
    /// from NATS are counted <see cref="NatsBridgeStats.TooLarge"/>.
    /// </summary>
    public int MaxDatagramSize { get; set; } = 1472;

    /// <summary>The multicast side as <see cref="MulticastBus.JoinAsync"/> takes it.</summary>
    internal MulticastOptions ToMulticastOptions() => new()
    {
        Group = Group!,
        Port = Port,
        Interface = Interface!,
        Ttl = Ttl,
        RecvBufferSize = RecvBufferSize,
        MaxDatagramSize = MaxDatagramSize,
    };

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
