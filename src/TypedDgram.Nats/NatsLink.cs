using System.Collections.Concurrent;
using NATS.Client.Core;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Nats;

/// <summary>
/// The bus's link over NATS: one connection that both receives (the bus's subjects, in its queue group if any) and
/// publishes (each contract to its own subject, <see cref="NatsSubjects"/>).
/// </summary>
internal sealed class NatsLink : IBusLink
{
    // Without an Error subscriber anywhere, a bus's errors reach standard error, rate-limited, as a socket's do.
    private static readonly UnhandledErrorReport UnhandledErrors = new(() => Console.Error, TimeProvider.System);

    private readonly NatsSubjects _subjects;
    private readonly ConcurrentDictionary<uint, TransportDestination> _destinations = new();
    private readonly Action<Exception> _onTransportError;

    private NatsLink(NatsTransport transport, NatsSubjects subjects, IReadOnlyList<string> subscribed)
    {
        Transport = transport;
        _subjects = subjects;
        ControlDestination = new TransportDestination(null, subjects.Control);
        BroadcastDestination = new TransportDestination(null, subjects.Broadcast);
        Subscribed = subscribed;
        _onTransportError = error => Error?.Invoke(error);
        transport.Error += _onTransportError;
    }

    /// <inheritdoc/>
    public event Action<Exception>? Error;

    /// <summary>The connection.</summary>
    public NatsTransport Transport { get; }

    /// <summary>The subjects subscribed to.</summary>
    public IReadOnlyList<string> Subscribed { get; }

    /// <inheritdoc/>
    public IDatagramTransport Receiver => Transport;

    /// <inheritdoc/>
    public IDatagramTransport Sender => Transport;

    /// <summary>Connects as <paramref name="options"/> say; <paramref name="echo"/> overrides the options' own (a bridge never takes its own publications back).</summary>
    public static async Task<NatsLink> ConnectAsync(NatsBusOptions options, bool echo, CancellationToken cancellationToken)
    {
        var subjects = new NatsSubjects(options.SubjectPrefix, options.Bus);
        IReadOnlyList<string> shared = options.TypeIds.Count == 0 ? [subjects.All] : [.. options.TypeIds.Distinct().Select(subjects.Of), subjects.Control];
        var transport = await NatsTransport.ConnectAsync(
            ClientOptions(options, echo), shared, options.QueueGroup, [subjects.Broadcast], options.WhileDisconnected == NatsDisconnectedPublish.Fail, cancellationToken).ConfigureAwait(false);
        return new NatsLink(transport, subjects, [.. shared, subjects.Broadcast]);
    }

    /// <summary>The client's options from the bus's: URL, credentials, TLS, reconnect, echo, then <see cref="NatsBusOptions.ConfigureClient"/>.</summary>
    public static NatsOpts ClientOptions(NatsBusOptions options, bool echo)
    {
        var client = NatsOpts.Default with
        {
            Url = options.Url,
            Name = "TypedDgram " + options.Bus,
            Echo = echo,
            MaxReconnectRetry = options.MaxReconnectRetry,
            AuthOpts = NatsAuthOpts.Default with
            {
                Username = options.Username,
                Password = options.Password,
                Token = options.Token,
                CredsFile = options.CredsFile,
            },
            TlsOpts = NatsTlsOpts.Default with
            {
                CaFile = options.TlsCaFile,
                CertFile = options.TlsCertFile,
                KeyFile = options.TlsKeyFile,
            },
        };
        return options.ConfigureClient is { } configure ? configure(client) : client;
    }

    /// <summary>The subject of the contract with type id <paramref name="typeId"/>.</summary>
    public string SubjectOf(uint typeId) => DestinationOf(typeId).Address!;

    /// <inheritdoc/>
    public TransportDestination ControlDestination { get; }

    /// <inheritdoc/>
    public TransportDestination BroadcastDestination { get; }

    /// <inheritdoc/>
    public TransportDestination DestinationOf(uint typeId) =>
        _destinations.GetOrAdd(typeId, static (id, subjects) => new TransportDestination(null, subjects.Of(id)), _subjects);

    /// <inheritdoc/>
    public void ReportUnhandledError(Exception error) => UnhandledErrors.Report(NatsTransport.Family, error);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Transport.DisposeAsync().ConfigureAwait(false);
        Transport.Error -= _onTransportError;
    }
}
