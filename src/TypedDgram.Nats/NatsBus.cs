using System.Globalization;
using TypedDgram.Contracts;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Nats;

/// <summary>
/// The typed bus over NATS: the same contracts, publications (the same bytes, docs/wire-format.md section 7),
/// per-publisher sequence counting, <see cref="BusStats"/>, telemetry and hostile-input handling as
/// <see cref="MulticastBus"/>, because it is the same code over another link. Each contract is published to its own
/// subject, <c>prefix.bus.typeId</c> (docs/nats.md). Created by <see cref="ConnectAsync"/>.
/// </summary>
/// <remarks>
/// A program written against <see cref="ITypedBus"/> moves between multicast and NATS by its options alone. What NATS
/// adds: queue groups (<see cref="NatsBusOptions.QueueGroup"/>), a bus that receives only some contracts
/// (<see cref="NatsBusOptions.TypeIds"/>), and the connection's own counts (<see cref="Connection"/>). Handlers,
/// <see cref="Malformed"/> and <see cref="Unhandled"/> run one at a time; <see cref="RemoteInfo"/> names the subject a
/// publication came through (<see cref="RemoteInfo.Family"/> <c>"nats"</c>); who published it is its publisher id.
/// </remarks>
public sealed class NatsBus : ITypedBus
{
    /// <summary>The largest <see cref="NatsBusOptions.MaxDatagramSize"/>: the NATS server's default payload limit, 1 MiB.</summary>
    public const int MaxPayload = 1024 * 1024;

    private readonly MulticastBus _bus;
    private readonly NatsLink _link;

    private NatsBus(MulticastBus bus, NatsLink link)
    {
        _bus = bus;
        _link = link;
    }

    /// <inheritdoc/>
    public event Action<Exception>? Error
    {
        add => _bus.Error += value;
        remove => _bus.Error -= value;
    }

    /// <inheritdoc/>
    public event Action<MalformedPublicationException>? Malformed
    {
        add => _bus.Malformed += value;
        remove => _bus.Malformed -= value;
    }

    /// <inheritdoc/>
    public event Action<uint, RemoteInfo>? Unhandled
    {
        add => _bus.Unhandled += value;
        remove => _bus.Unhandled -= value;
    }

    /// <summary>
    /// Raised when a publisher is first heard (a publication or a heartbeat on the bus's control subject), or heard again
    /// after its lease expired, as <see cref="MulticastBus.PublisherJoined"/> is.
    /// </summary>
    public event Action<PublisherLivelinessEventArgs>? PublisherJoined
    {
        add => _bus.PublisherJoined += value;
        remove => _bus.PublisherJoined -= value;
    }

    /// <summary>
    /// Raised when a publisher's lease expires with nothing heard from it, as <see cref="MulticastBus.PublisherLost"/> is:
    /// a publisher whose process died, or whose connection to NATS is down for longer than its lease.
    /// </summary>
    public event Action<PublisherLivelinessEventArgs>? PublisherLost
    {
        add => _bus.PublisherLost += value;
        remove => _bus.PublisherLost -= value;
    }

    /// <inheritdoc/>
    public ulong PublisherId => _bus.PublisherId;

    /// <inheritdoc/>
    public BusStats Stats => _bus.Stats;

    /// <summary>What the connection did: publications made while disconnected, failures, reconnects, drops by the client.</summary>
    public NatsConnectionStats Connection => _link.Transport.Stats;

    /// <summary>The subjects this bus receives from: <c>prefix.bus.*</c>, or one per type id of <see cref="NatsBusOptions.TypeIds"/> and the bus's control subject <c>prefix.bus.control</c> (heartbeats, batches, fragments).</summary>
    public IReadOnlyList<string> Subjects => _link.Subscribed;

    /// <summary>
    /// Connects to <see cref="NatsBusOptions.Url"/> and subscribes to the bus's subjects, and returns the bus ready to
    /// publish and subscribe. Throws <c>ERR_INVALID_ARG_VALUE</c> for a subject token that NATS cannot take,
    /// <c>ERR_OUT_OF_RANGE</c> for numbers out of range, <c>ECONNREFUSED</c> with what to check when no server
    /// answers, and <c>EACCES</c> when the server refuses the credentials (a first connection is not retried: it
    /// failing is a configuration error).
    /// </summary>
    /// <param name="options">The server, subjects, credentials and limits.</param>
    /// <param name="cancellationToken">Stops waiting for the connection.</param>
    public static async Task<NatsBus> ConnectAsync(NatsBusOptions options, CancellationToken cancellationToken = default)
    {
        var busOptions = Validate(options);
        var link = await NatsLink.ConnectAsync(options, options.Echo, cancellationToken).ConfigureAwait(false);
        return new NatsBus(new MulticastBus(busOptions, link, port: 0), link);
    }

    /// <summary>The subject a publication of <typeparamref name="T"/> goes to: <c>prefix.bus.typeId</c>.</summary>
    /// <typeparam name="T">A <c>[Datagram]</c> contract.</typeparam>
    public string SubjectOf<T>()
        where T : IDatagram<T> => _link.SubjectOf(T.TypeId);

    /// <inheritdoc/>
    public IDisposable Subscribe<T>(Action<T, RemoteInfo> handler)
        where T : IDatagram<T> => _bus.Subscribe(handler);

    /// <inheritdoc/>
    public IAsyncEnumerable<(T Message, RemoteInfo From)> SubscribeAsync<T>(CancellationToken cancellationToken = default)
        where T : IDatagram<T> => _bus.SubscribeAsync<T>(cancellationToken);

    /// <summary>
    /// Publishes <paramref name="message"/> to its contract's subject with this bus's next sequence number. Throws
    /// <c>EMSGSIZE</c>, without publishing or using up a number, when it is larger than
    /// <see cref="NatsBusOptions.MaxDatagramSize"/>. While the connection is down it is kept by the client or fails
    /// with <c>ENOTCONN</c>, as <see cref="NatsBusOptions.WhileDisconnected"/> says; either way it is counted in
    /// <see cref="Connection"/>.
    /// </summary>
    /// <typeparam name="T">A <c>[Datagram]</c> contract.</typeparam>
    /// <param name="message">The publication's content.</param>
    /// <param name="cancellationToken">Drops the publication if it is still waiting to be sent.</param>
    public ValueTask PublishAsync<T>(T message, CancellationToken cancellationToken = default)
        where T : IDatagram<T> => _bus.PublishAsync(message, cancellationToken);

    /// <summary>
    /// Publishes <paramref name="message"/> to its contract's subject without waiting: handed to the NATS client at once
    /// when nothing of this bus is waiting on it, else packed with the publications of the same contract that queue
    /// meanwhile into one batch message (docs/wire-format.md, section 7, "Batches"). Blocks while
    /// <c>MaxQueuedBytes</c> (1 MiB) are queued and the client has not taken them; a publish that fails later (for
    /// instance with <c>ENOTCONN</c> while disconnected, as <see cref="NatsBusOptions.WhileDisconnected"/> says) goes to
    /// <see cref="Error"/>. Throws <c>EMSGSIZE</c> as <see cref="PublishAsync{T}"/> does.
    /// </summary>
    /// <typeparam name="T">A <c>[Datagram]</c> contract.</typeparam>
    /// <param name="message">The publication's content.</param>
    public void Publish<T>(T message)
        where T : IDatagram<T> => _bus.Publish(message);

    /// <summary><see cref="Publish{T}"/> without blocking: false, with nothing published, while the queue is full.</summary>
    /// <typeparam name="T">A <c>[Datagram]</c> contract.</typeparam>
    /// <param name="message">The publication's content.</param>
    /// <returns>True when the publication was queued.</returns>
    public bool TryPublish<T>(T message)
        where T : IDatagram<T> => _bus.TryPublish(message);

    /// <summary>
    /// Unsubscribes, closes the connection and ends every <see cref="SubscribeAsync{T}"/> stream. It waits for a handler
    /// running to return, but at most 2 seconds, so a stuck handler delays it by at most that; no handler starts after it
    /// returns, and <see cref="PublishAsync{T}"/> then throws <see cref="ObjectDisposedException"/>. Calling it again does nothing.
    /// </summary>
    public ValueTask DisposeAsync() => _bus.DisposeAsync();

    // Argument errors are thrown before anything is connected, as the multicast bus throws its own.
    private static MulticastOptions Validate(NatsBusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ = new NatsSubjects(options.SubjectPrefix, options.Bus);
        if (string.IsNullOrWhiteSpace(options.Url))
        {
            throw new DgramException(DgramErrorCode.InvalidArgValue, $"The option \"Url\" must be a NATS server URL such as nats://127.0.0.1:4222 (several separated by commas). Received '{options.Url}'.");
        }

        if (options.QueueGroup is { } queue && (queue.Length == 0 || queue.Any(c => char.IsWhiteSpace(c) || c is '*' or '>')))
        {
            throw new DgramException(DgramErrorCode.InvalidArgValue, $"The option \"QueueGroup\" must be a name without spaces, '*' or '>'. Received '{queue}'.");
        }

        OutOfRange("MaxDatagramSize", options.MaxDatagramSize, PublicationHeader.MaxLength + 2, MaxPayload);
        OutOfRange("MaxPublishers", options.MaxPublishers, 1, int.MaxValue);
        OutOfRange("StreamCapacity", options.StreamCapacity, 1, int.MaxValue);
        OutOfRange("MaxReconnectRetry", options.MaxReconnectRetry, -1, int.MaxValue);
        MulticastBus.ValidateKeys(options.Key, options.AcceptedKeys, options.Confidential);
        Liveliness.Validate(options.HeartbeatPeriod, options.LeaseDuration);

        // The bus's own settings; the group and interface only name the bus in its messages.
        return new MulticastOptions
        {
            Group = options.SubjectPrefix + "." + options.Bus,
            Interface = NatsTransport.Family,
            MaxDatagramSize = options.MaxDatagramSize,
            MaxPublishers = options.MaxPublishers,
            StreamCapacity = options.StreamCapacity,
            Key = options.Key,
            AcceptedKeys = options.AcceptedKeys,
            Confidential = options.Confidential,
            ReaderLimits = options.ReaderLimits,
            HeartbeatPeriod = options.HeartbeatPeriod,
            LeaseDuration = options.LeaseDuration,
            UnfragmentedBecause = options.QueueGroup is null
                ? null
                : $"In a queue group (\"{options.QueueGroup}\") a publication must fit one message: its fragments would be shared out among the members and none could put it together. Raise MaxDatagramSize (up to {MaxPayload} bytes), or publish less per message.",
        };
    }

    private static void OutOfRange(string option, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new DgramException(
                DgramErrorCode.OutOfRange,
                string.Create(CultureInfo.InvariantCulture, $"The value of \"{option}\" is out of range. It must be >= {min} and <= {max}. Received {value}."));
        }
    }
}
