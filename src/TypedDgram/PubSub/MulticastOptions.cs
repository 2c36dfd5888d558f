using TypedDgram.Contracts;

namespace TypedDgram.PubSub;

/// <summary>
/// Where and how a <see cref="MulticastBus"/> joins its group. <see cref="Group"/> and <see cref="Interface"/> are
/// required: a multicast datagram left to the system's choice of interface may leave the machine.
/// </summary>
public sealed class MulticastOptions
{
    /// <summary>The default <see cref="MaxPublicationSize"/>: 1 MiB.</summary>
    public const int DefaultMaxPublicationSize = 1024 * 1024;

    /// <summary>The largest <see cref="MaxPublicationSize"/>: 1 GiB.</summary>
    public const int MaxPublicationSizeLimit = 1024 * 1024 * 1024;

    /// <summary>
    /// The group address: IPv4 <c>224.0.0.0/4</c> (<c>239.255.0.0/16</c> is scoped to an organisation) or IPv6
    /// <c>ff00::/8</c>; with <see cref="Source"/>, a source-specific group (<c>232.0.0.0/8</c>, <c>ff3x::/32</c>).
    /// </summary>
    public required string Group { get; init; }

    /// <summary>
    /// The port every bus of the group binds and publishes to. 0 lets the system pick one (read it back from
    /// <see cref="MulticastBus.Port"/> and give it to the other buses).
    /// </summary>
    public int Port { get; init; }

    /// <summary>
    /// The interface to join on and publish from: its IPv4 address (<c>127.0.0.1</c> keeps everything on this machine),
    /// or for IPv6 an address with a scope naming the interface (<c>::%eth0</c>, <c>fe80::1%eth0</c>), as Node's
    /// <c>addMembership</c> and <c>setMulticastInterface</c> take it.
    /// </summary>
    public required string Interface { get; init; }

    /// <summary>Source-specific multicast: only publications sent from this address are received. Null: any source.</summary>
    public string? Source { get; init; }

    /// <summary>The multicast TTL (IPv6 hop limit), 0–255: 1 keeps publications on the local link, each router crossed takes 1.</summary>
    public int Ttl { get; init; } = 1;

    /// <summary>
    /// Whether this host's own buses (this one included) receive what this bus publishes. On the loopback interface
    /// itself (127.0.0.1) everything comes back regardless: that interface's "wire" is this host.
    /// </summary>
    public bool Loopback { get; init; } = true;

    /// <summary>The receive socket's buffer size (<c>SO_RCVBUF</c>) in bytes, or null for the system's default.</summary>
    public int? RecvBufferSize { get; init; }

    /// <summary>Whether several buses (in this or other processes) may bind the same port; each receives every publication.</summary>
    public bool ReuseAddr { get; init; } = true;

    /// <summary>
    /// The largest datagram, header included, that <see cref="MulticastBus.PublishAsync{T}"/> sends; a larger publication
    /// is sent in fragments of at most this size (up to <see cref="MaxPublicationSize"/>). Default 1,472: a 1,500-byte
    /// Ethernet MTU less the IPv4 and UDP headers (use 1,452 for IPv6 on Ethernet).
    /// </summary>
    public int MaxDatagramSize { get; init; } = 1472;

    /// <summary>
    /// Whether publications made while an earlier one of this bus is still being sent are packed together, up to
    /// <see cref="MaxDatagramSize"/>, into one batch datagram (docs/wire-format.md, section 7, "Batches"). Default true:
    /// a publication made while nothing is being sent still goes at once and alone, in the same bytes as without it, so
    /// coalescing costs nothing when the bus is idle and nothing waits on a timer. False: every publication is its own
    /// datagram, as for readers older than batches (they count a batch malformed).
    /// </summary>
    public bool Coalesce { get; init; } = true;

    /// <summary>
    /// The most bytes of publications <see cref="MulticastBus.Publish{T}"/> lets wait for the system to take them (their
    /// contract datagrams, and the whole datagram of one sent alone); beyond it <c>Publish</c> waits for room and
    /// <see cref="MulticastBus.TryPublish{T}"/> returns false. Default 1 MiB: about 700 full datagrams, a few
    /// milliseconds of sending. <see cref="MulticastBus.PublishAsync{T}"/> waits for its own send and is not held by it.
    /// </summary>
    public int MaxQueuedBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// The largest publication (its contract datagram) this bus publishes, in fragments when it is larger than
    /// <see cref="MaxDatagramSize"/>, and reassembles: a fragment claiming a larger one is dropped (counted in
    /// <see cref="FragmentStats.TooLarge"/>). Default 1 MiB; at most 1 GiB (docs/wire-format.md, section 7, "Fragments").
    /// </summary>
    public int MaxPublicationSize { get; init; } = DefaultMaxPublicationSize;

    /// <summary>
    /// How many fragmented publications may be in progress at once, from all publishers (default 64). A fragment that
    /// would start one more is dropped (<see cref="FragmentStats.NoRoom"/>) unless its publisher has an older one in
    /// progress, which is then given up for it (<see cref="FragmentStats.Abandoned"/>).
    /// </summary>
    public int MaxReassemblies { get; init; } = 64;

    /// <summary>
    /// How many fragmented publications of one publisher may be in progress at once (default 4); its oldest is given up
    /// for a newer one beyond it. In <see cref="ReliabilityMode.Reliable"/> mode at least 16 (at most <see cref="MaxReassemblies"/>):
    /// each one waiting for its repair holds up the publisher's stream, and one given up is re-sent whole.
    /// </summary>
    public int MaxReassembliesPerPublisher { get; init; } = 4;

    /// <summary>
    /// The most bytes all fragmented publications in progress may hold together (default 16 MiB): each is charged its
    /// whole length from its first fragment (though only the 4 KiB pages its fragments filled are allocated), plus its
    /// bookkeeping. At least what one publication of <see cref="MaxPublicationSize"/> is charged (its size, 2 KiB of page
    /// table per MiB, and 8.25 KiB).
    /// </summary>
    public long MaxReassemblyBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// How long a fragmented publication may take to arrive whole, from its first fragment (default 3 s); then it is given
    /// up, its memory released (<see cref="FragmentStats.Abandoned"/>), and its number counts lost once a later one
    /// reveals the gap. In <see cref="ReliabilityMode.Reliable"/> mode it is kept <see cref="RepairOptions.RepairDeadline"/>
    /// longer, while its missing fragments are asked for and re-sent, and given up when its number is.
    /// </summary>
    public TimeSpan ReassemblyTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Limits for reading received publications' contracts; null (the default): <see cref="DatagramReaderLimits.Default"/>
    /// with its <see cref="DatagramReaderLimits.MaxDatagramSize"/> lowered to <see cref="MaxDatagramSize"/>, so that a bus
    /// reads nothing larger than it would publish. A publication reassembled from fragments is read with these limits'
    /// <see cref="DatagramReaderLimits.MaxDatagramSize"/> raised to <see cref="MaxPublicationSize"/> (and, by default, its
    /// string and binary lengths too).
    /// </summary>
    public DatagramReaderLimits? ReaderLimits { get; init; }

    /// <summary>How many publishers' sequence numbers are tracked at once; the least recently heard is forgotten beyond it.</summary>
    public int MaxPublishers { get; init; } = SequenceTracker.DefaultMaxPublishers;

    /// <summary>
    /// How many publications a <see cref="MulticastBus.SubscribeAsync{T}"/> stream holds for a consumer that has not
    /// taken them yet; beyond it new ones are dropped for that stream and counted in <see cref="BusStats.Dropped"/>.
    /// A stream also holds at most 16 MiB of estimated bytes (what decoding each message allocated plus its contract
    /// datagram), whatever this says: beyond it new ones are dropped and counted the same way.
    /// </summary>
    public int StreamCapacity { get; init; } = 1024;

    /// <summary>
    /// The group key: with one, every publication carries a tag under it (HMAC-SHA256, or AES-256-GCM with
    /// <see cref="Confidential"/>) and only publications whose tag verifies under an accepted key, and that are not
    /// replays, are delivered; the rest are counted in <see cref="BusStats.Rejected"/>. Every bus of the group needs it
    /// (a bus without a key cannot read keyed publications, and a keyed bus rejects unkeyed ones). Required to publish or
    /// subscribe to <c>[Datagram(Authenticated = true)]</c> contracts. See docs/reliability.md for what it protects.
    /// </summary>
    public GroupKey? Key { get; init; }

    /// <summary>
    /// Keys accepted besides <see cref="Key"/> (never published under), by their ids: during a rotation, the next key
    /// before buses publish under it, then the previous key until every bus has moved on (docs/reliability.md,
    /// "Rotating keys"). Needs <see cref="Key"/>; ids must differ.
    /// </summary>
    public IReadOnlyList<GroupKey> AcceptedKeys { get; init; } = [];

    /// <summary>
    /// With <see cref="Key"/>: encrypt each publication's contract datagram (AES-256-GCM) as well as authenticating it,
    /// so that only key holders read it. A keyed bus reads both forms whatever this says; it chooses how this bus publishes.
    /// </summary>
    public bool Confidential { get; init; }

    /// <summary>
    /// How long a bus that has published stays silent before it sends a heartbeat announcing its highest publication
    /// number and its <see cref="LeaseDuration"/> (then one every period while idle), so that subscribers see a lost
    /// last publication and know it is alive (docs/wire-format.md, section 7, "Heartbeats"). Default 1 s; 10 ms to
    /// 1 hour, or <see cref="Timeout.InfiniteTimeSpan"/> for none (subscribers then report it lost whenever it is idle
    /// for their lease, and see no tail loss).
    /// </summary>
    public TimeSpan HeartbeatPeriod { get; init; } = Liveliness.DefaultHeartbeatPeriod;

    /// <summary>
    /// How long a subscriber may hear nothing from this bus before it reports it lost (<see cref="MulticastBus.PublisherLost"/>):
    /// announced in this bus's heartbeats, and used for every publisher not heard through a heartbeat yet. Default 3 s;
    /// at least twice <see cref="HeartbeatPeriod"/> (a heartbeat can come up to one and a half periods after the last
    /// publication, and one may be lost), at most 2^32 - 1 ms.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = Liveliness.DefaultLeaseDuration;

    /// <summary>
    /// Whether lost publications are repaired: <see cref="PubSub.ReliabilityMode.BestEffort"/> (the default: counted, not
    /// repaired, no cost) or <see cref="PubSub.ReliabilityMode.Reliable"/> (publishers keep <see cref="History"/> and re-send
    /// what subscribers NAK; subscribers deliver each publisher's publications in order, once each). Every bus of a group
    /// should use the same (docs/reliability.md, "Reliable pub/sub").
    /// </summary>
    public ReliabilityMode Reliability { get; init; }

    /// <summary>In <see cref="PubSub.ReliabilityMode.Reliable"/> mode, how many sent frames (and bytes) a publisher keeps for re-sending.</summary>
    public HistoryOptions History { get; init; } = new();

    /// <summary>In <see cref="PubSub.ReliabilityMode.Reliable"/> mode, the NAK and repair timers and the subscriber's hold-back bounds.</summary>
    public RepairOptions Repair { get; init; } = new();

    /// <summary>
    /// In <see cref="PubSub.ReliabilityMode.Reliable"/> mode: when this bus joins, it asks the group's publishers for their
    /// retained history (<see cref="History"/>) and delivers it, in order, before their live publications, nothing twice
    /// (DDS's TRANSIENT_LOCAL). Without it a subscriber starts with the first publication it hears.
    /// </summary>
    public bool LateJoin { get; init; }

    /// <summary>
    /// Set by a link that cannot carry fragments (a NATS queue group shares them out among its members, so none could
    /// reassemble): publications above <see cref="MaxDatagramSize"/> are refused with <c>EMSGSIZE</c> and this reason.
    /// </summary>
    internal string? UnfragmentedBecause { get; init; }
}
