using System.Buffers;
using MessagePack;
using TypedDgram.Contracts;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Nats;

/// <summary>
/// Relays publications between a multicast group on a pinned interface and a NATS bus, both ways, byte for byte: a
/// publication keeps its publisher id and sequence number, so two multicast segments joined through NATS count loss end
/// to end. A publication whose publisher was heard on the other side is never relayed back (no loops, however many
/// bridges). Started by <see cref="StartAsync"/>, as <c>tdg bridge</c> and <c>AddNatsBridge</c> do (docs/nats.md).
/// </summary>
public sealed class NatsBridge : IAsyncDisposable
{
    private readonly MulticastOptions _multicastOptions;
    private readonly MulticastLink _multicast;
    private readonly NatsLink _nats;
    private readonly HashSet<uint>? _typeIds;
    private readonly PublisherOrigins _heardOnMulticast = new();
    private readonly PublisherOrigins _heardOnNats = new();
    private readonly RawDatagramHandler _fromMulticast;
    private readonly RawDatagramHandler _fromNats;
    private readonly SendCallback _onSent;
    private int _disposed;

    private long _toNats;
    private long _toMulticast;
    private long _loopsStopped;
    private long _skipped;
    private long _malformed;
    private long _tooLarge;
    private long _failed;

    private NatsBridge(MulticastOptions multicastOptions, MulticastLink multicast, NatsLink nats, IList<uint> typeIds)
    {
        _multicastOptions = multicastOptions;
        _multicast = multicast;
        _nats = nats;
        _typeIds = typeIds.Count == 0 ? null : [.. typeIds];
        _fromMulticast = (datagram, _) => Relay(datagram, _heardOnMulticast, _heardOnNats, _nats, int.MaxValue, ref _toNats);
        _fromNats = (datagram, _) => Relay(datagram, _heardOnNats, _heardOnMulticast, _multicast, _multicastOptions.MaxDatagramSize, ref _toMulticast);
        _onSent = OnSent;
        _multicast.Error += RaiseError;
        _nats.Error += RaiseError;
        _multicast.Receiver.AddReceiver(_fromMulticast);
        _nats.Receiver.AddReceiver(_fromNats);
    }

    /// <summary>Raised for a relay that failed or a transport error; without a subscriber they go to standard error, rate-limited.</summary>
    public event Action<Exception>? Error;

    /// <summary>What was relayed each way, and what was not and why.</summary>
    public NatsBridgeStats Stats => new(
        Interlocked.Read(ref _toNats),
        Interlocked.Read(ref _toMulticast),
        Interlocked.Read(ref _loopsStopped),
        Interlocked.Read(ref _skipped),
        Interlocked.Read(ref _malformed),
        Interlocked.Read(ref _tooLarge),
        Interlocked.Read(ref _failed));

    /// <summary>The NATS side's connection counts.</summary>
    public NatsConnectionStats Connection => _nats.Transport.Stats;

    /// <summary>The multicast port bound (the one the system picked when <see cref="MulticastOptions.Port"/> was 0).</summary>
    public int MulticastPort => _multicast.Port;

    /// <summary>
    /// Joins the group, connects to NATS and starts relaying. Throws what <see cref="MulticastBus.JoinAsync"/> and
    /// <see cref="NatsBus.ConnectAsync"/> throw for their sides' options (<c>ERR_INVALID_ARG_VALUE</c> for a missing
    /// group or interface).
    /// </summary>
    /// <param name="options">The two sides and the contracts relayed.</param>
    /// <param name="cancellationToken">Stops waiting for the join and the connection.</param>
    public static async Task<NatsBridge> StartAsync(NatsBridgeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var multicastOptions = options.ToMulticastOptions();
        var family = MulticastBus.Validate(multicastOptions);
        var natsOptions = options.Nats ?? new NatsBusOptions();
        var subscribed = new NatsBusOptions
        {
            Url = natsOptions.Url,
            Bus = natsOptions.Bus,
            SubjectPrefix = natsOptions.SubjectPrefix,
            QueueGroup = natsOptions.QueueGroup,
            WhileDisconnected = natsOptions.WhileDisconnected,
            Username = natsOptions.Username,
            Password = natsOptions.Password,
            Token = natsOptions.Token,
            CredsFile = natsOptions.CredsFile,
            TlsCaFile = natsOptions.TlsCaFile,
            TlsCertFile = natsOptions.TlsCertFile,
            TlsKeyFile = natsOptions.TlsKeyFile,
            MaxReconnectRetry = natsOptions.MaxReconnectRetry,
            ConfigureClient = natsOptions.ConfigureClient,
        };
        foreach (var typeId in options.TypeIds)
        {
            subscribed.TypeIds.Add(typeId);
        }

        var nats = await NatsLink.ConnectAsync(subscribed, echo: false, cancellationToken).ConfigureAwait(false);
        try
        {
            var multicast = await MulticastLink.OpenAsync(multicastOptions, family, cancellationToken).ConfigureAwait(false);
            return new NatsBridge(multicastOptions, multicast, nats, options.TypeIds);
        }
        catch
        {
            await nats.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops relaying, leaves the group and closes the connection. Calling it again does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _multicast.Receiver.RemoveReceiver(_fromMulticast);
        _nats.Receiver.RemoveReceiver(_fromNats);
        await _multicast.DisposeAsync().ConfigureAwait(false);
        await _nats.DisposeAsync().ConfigureAwait(false);
        _multicast.Error -= RaiseError;
        _nats.Error -= RaiseError;
    }

    // Runs on the source side's receive loop: checks, then hands a copy to the other side without waiting for it.
    private void Relay(ReadOnlySpan<byte> datagram, PublisherOrigins heardHere, PublisherOrigins heardThere, IBusLink target, int maxSize, ref long relayed)
    {
        if (!PublicationHeader.TryRead(datagram, out var publication, out _))
        {
            Interlocked.Increment(ref _malformed);
            return;
        }

        if (heardThere.Contains(publication.PublisherId))
        {
            Interlocked.Increment(ref _loopsStopped);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(buffer);
        TransportDestination destination;
        if (publication.Kind != FrameKind.Publication)
        {
            // A frame of another kind (docs/wire-format.md section 7) names no one contract: it goes where the other
            // side's buses take frames of its kind.
            destination = target.FrameDestinationOf(publication.Kind);
        }
        else if (!TryReadTypeId(buffer, publication.BodyOffset, datagram.Length, out var typeId))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Interlocked.Increment(ref _malformed);
            return;
        }
        else if (_typeIds is not null && !_typeIds.Contains(typeId))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Interlocked.Increment(ref _skipped);
            return;
        }
        else
        {
            destination = target.DestinationOf(typeId);
        }

        if (datagram.Length > maxSize)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Interlocked.Increment(ref _tooLarge);
            return;
        }

        heardHere.Add(publication.PublisherId);
        Interlocked.Increment(ref relayed);
        target.Sender.Send(buffer, datagram.Length, destination, _onSent);
    }

    // The contract's type id, which names the subject; the members are the subscribers' business, not the bridge's.
    private static bool TryReadTypeId(byte[] buffer, int payloadOffset, int length, out uint typeId)
    {
        var payload = new ReadOnlyMemory<byte>(buffer, payloadOffset, length - payloadOffset);
        var reader = new MessagePackReader(payload);
        var context = new DatagramReadContext(DatagramReaderLimits.Default, payload);
        return DatagramEnvelope.TryReadHeader(ref reader, ref context, out typeId, out _);
    }

    private void OnSent(DgramException? error, int bytes)
    {
        if (error is not null)
        {
            Interlocked.Increment(ref _failed);
            RaiseError(error);
        }
    }

    private void RaiseError(Exception error) => UserCallbacks.RaiseError(Error, error, _nats.ReportUnhandledError);
}
