using NATS.Client.Core;
using TypedDgram.Contracts;
using TypedDgram.PubSub;

namespace TypedDgram.Nats;

/// <summary>
/// Where and how a <see cref="NatsBus"/> connects, and which subjects it uses (docs/nats.md). <see cref="Bus"/> plays the
/// part of a multicast group: every bus with the same <see cref="SubjectPrefix"/> and <see cref="Bus"/> on the same NATS
/// system receives every publication.
/// </summary>
public sealed class NatsBusOptions
{
    /// <summary>The NATS server URL, or several separated by commas (seed servers of a cluster). Default <c>nats://127.0.0.1:4222</c>.</summary>
    public string Url { get; set; } = "nats://127.0.0.1:4222";

    /// <summary>
    /// The bus's name, the subject token that plays the part of the multicast group: letters, digits, <c>-</c> and
    /// <c>_</c> (no <c>.</c>, <c>*</c>, <c>&gt;</c> or spaces).
    /// </summary>
    public string Bus { get; set; } = "default";

    /// <summary>The first subject token(s), <c>tdg</c> by default; dot-separated tokens of the same characters as <see cref="Bus"/>.</summary>
    public string SubjectPrefix { get; set; } = "tdg";

    /// <summary>
    /// The type ids of the contracts this bus receives, one NATS subscription each (<c>prefix.bus.typeId</c>); empty
    /// (the default): every contract, one subscription to <c>prefix.bus.*</c>. A bus that receives some contracts only
    /// sees only their sequence numbers, so <see cref="BusStats.Lost"/> also counts its publishers' other contracts.
    /// </summary>
    public IList<uint> TypeIds { get; } = [];

    /// <summary>
    /// A NATS queue group: the buses in the same group share the publications, each publication delivered to one of
    /// them (load-balanced consumers). Null (the default): every bus receives every publication. A member sees a share
    /// of each publisher's sequence numbers, so its <see cref="BusStats.Lost"/> counts the other members' share too.
    /// </summary>
    public string? QueueGroup { get; set; }

    /// <summary>Whether this bus receives its own publications, as a multicast bus with <see cref="MulticastOptions.Loopback"/> does. Default true.</summary>
    public bool Echo { get; set; } = true;

    /// <summary>What <see cref="NatsBus.PublishAsync{T}"/> does while the connection is down (docs/nats.md, "Publishing while disconnected").</summary>
    public NatsDisconnectedPublish WhileDisconnected { get; set; } = NatsDisconnectedPublish.Buffer;

    /// <summary>User name for user/password authentication; null: none.</summary>
    public string? Username { get; set; }

    /// <summary>Password for user/password authentication.</summary>
    public string? Password { get; set; }

    /// <summary>Token authentication; null: none.</summary>
    public string? Token { get; set; }

    /// <summary>Path of a NATS credentials file (JWT and NKey seed); null: none.</summary>
    public string? CredsFile { get; set; }

    /// <summary>Path of a PEM file of the certificate authorities to trust for the server's TLS certificate; null: the system's.</summary>
    public string? TlsCaFile { get; set; }

    /// <summary>Path of a PEM client certificate for TLS client authentication (with <see cref="TlsKeyFile"/>); null: none.</summary>
    public string? TlsCertFile { get; set; }

    /// <summary>Path of the PEM private key of <see cref="TlsCertFile"/>.</summary>
    public string? TlsKeyFile { get; set; }

    /// <summary>How many times the client tries to reconnect after losing its server before it gives up; -1 (the default): forever.</summary>
    public int MaxReconnectRetry { get; set; } = -1;

    /// <summary>
    /// The largest message, header included, that <see cref="NatsBus.PublishAsync{T}"/> sends; a larger publication is
    /// sent in fragments, as on a multicast bus (up to 1 MiB of contract), except in a <see cref="QueueGroup"/>, where it
    /// is refused with <c>EMSGSIZE</c> (the group would share its fragments out). Default 1,472, the multicast bus's, so
    /// that every message can also cross a bridge into a multicast group; at most 1 MiB, the NATS server's default
    /// payload limit.
    /// </summary>
    public int MaxDatagramSize { get; set; } = 1472;

    /// <summary>How many publishers' sequence numbers are tracked at once, as <see cref="MulticastOptions.MaxPublishers"/>.</summary>
    public int MaxPublishers { get; set; } = 4096;

    /// <summary>How many publications a <see cref="NatsBus.SubscribeAsync{T}"/> stream holds, as <see cref="MulticastOptions.StreamCapacity"/>.</summary>
    public int StreamCapacity { get; set; } = 1024;

    /// <summary>
    /// The group key, as <see cref="MulticastOptions.Key"/>: every publication is tagged (or, with <see cref="Confidential"/>,
    /// encrypted) under it, and only publications whose tag verifies under an accepted key, and that are not replays, are
    /// delivered; the rest are counted in <see cref="BusStats.Rejected"/>. The NATS server then carries nothing a key
    /// holder would take from anyone else. Every bus of the group needs it. Code only; not bound from configuration
    /// (a secret does not belong in appsettings). Null (the default): none.
    /// </summary>
    public GroupKey? Key { get; set; }

    /// <summary>Keys accepted besides <see cref="Key"/> during a rotation, as <see cref="MulticastOptions.AcceptedKeys"/>; needs <see cref="Key"/>.</summary>
    public IReadOnlyList<GroupKey> AcceptedKeys { get; set; } = [];

    /// <summary>With <see cref="Key"/>: encrypt each publication's contract as well, as <see cref="MulticastOptions.Confidential"/>.</summary>
    public bool Confidential { get; set; }

    /// <summary>Limits for reading received publications' contracts, as <see cref="MulticastOptions.ReaderLimits"/>; null: the default lowered to <see cref="MaxDatagramSize"/>.</summary>
    public DatagramReaderLimits? ReaderLimits { get; set; }

    /// <summary>
    /// How long a bus that has published stays silent before it sends a heartbeat on the bus's control subject
    /// (<c>prefix.bus.control</c>), as <see cref="MulticastOptions.HeartbeatPeriod"/>: default 1 s; 10 ms to 1 hour, or
    /// <see cref="Timeout.InfiniteTimeSpan"/> for none.
    /// </summary>
    public TimeSpan HeartbeatPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a subscriber may hear nothing from a publisher before it raises <see cref="NatsBus.PublisherLost"/>, as
    /// <see cref="MulticastOptions.LeaseDuration"/>: default 3 s, at least twice <see cref="HeartbeatPeriod"/>.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Applied last to the client's options built from the properties above, for anything else of
    /// <see cref="NatsOpts"/> (its own TLS modes, an authentication callback, reconnect timing). Code only; not bound
    /// from configuration.
    /// </summary>
    public Func<NatsOpts, NatsOpts>? ConfigureClient { get; set; }
}
