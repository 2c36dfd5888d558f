using System.Globalization;
using System.Security.Cryptography;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

/// <summary>
/// Typed publish/subscribe over IP multicast, with no broker: every bus that joined the group and port receives every
/// publication, and counts per publisher what it lost, received twice or out of order (see docs/wire-format.md, section 7).
/// Created by <see cref="JoinAsync"/>; <see cref="DisposeAsync"/> drops the membership and closes its sockets.
/// </summary>
/// <remarks>
/// A bus has two sockets: one bound to the group's port that receives (several buses may share the port), and one
/// on an ephemeral port that publishes from <see cref="MulticastOptions.Interface"/>. Handlers, <see cref="Malformed"/>
/// and <see cref="Unhandled"/> run one at a time on the receive loop; an exception they throw goes to <see cref="Error"/>.
/// </remarks>
public sealed partial class MulticastBus : ITypedBus, IFragmenter, IPartialRepair
{
    // Every field of the bus is declared here; the MulticastBus.*.cs files hold its operations by area.
    private readonly MulticastOptions _options;
    private readonly IBusLink _link;

    // The limits its reader follows: the options', else the defaults no larger than what it would publish (issue 16).
    private readonly DatagramReaderLimits _readerLimits;
    private readonly SequenceTracker _tracker;

    // Publications larger than a datagram (PubSub/Fragments): reassembly under the bus's limits, the timer that gives up
    // the unfinished ones at their deadline, and the reader limits of a reassembled publication (up to MaxPublicationSize).
    private readonly Reassembler _reassembler;
    private readonly ReassemblyTimer _reassemblyTimer;
    private readonly DatagramReaderLimits _reassembledReaderLimits;

    // With a group key: seals what is published and opens what is received (PubSub/Security); null without one.
    private readonly BusKeyRing? _keyRing;
    private readonly RawDatagramHandler _onDatagram;
    private readonly Action<Exception> _reportHandlerError;
    private readonly Lock _gate = new();
    private int _disposed;

    // Publishing: numbering, coalescing and handing over to the send queue happen under one lock.
    private readonly Lock _publishGate = new();
    private readonly PublishQueue _publishing;

    // Reliable mode (PubSub/Reliability): the publisher's history and repairs, and the subscriber's ordered streams and
    // NAKs; both null in best-effort mode, which then pays one null check per publication and nothing else.
    private readonly ReliableSender? _reliableSender;
    private readonly ReliableReceiver? _reliableReceiver;
    private readonly OrderedDelivery? _deliverInOrder;
    private readonly NakSender? _sendNak;

    // Reliable mode with a key: the NAKs, fragment NAKs and history requests already acted on, so a replayed one is
    // rejected (PubSub/Security); null otherwise.
    private readonly ControlReplayWindow? _controlReplays;

    // Subscriptions by type id, replaced whole under _gate and read without a lock on the receive loop.
    private Dictionary<uint, TypeSubscriptions> _subscriptions = [];

    // Liveliness (PubSub/Liveliness): the joins and losses the tracker found, waiting to be raised; this bus's
    // heartbeats; the timer that ends leases.
    private readonly LivelinessEvents _livelinessEvents = new();
    private readonly Action<PublisherLivelinessEventArgs> _raiseLiveliness;
    private readonly HeartbeatSender _heartbeats;
    private readonly LeaseWatch _leaseWatch;

    // What BusStats counts besides the per-publisher sequence tracking.
    private long _malformed;
    private long _unhandled;
    private long _dropped;
    private long _rejected;

    /// <summary>
    /// A bus over <paramref name="link"/>, receiving from now on: the multicast group's sockets, or another link
    /// (TypedDgram.Nats) whose publications are the same bytes. <paramref name="options"/> are taken as they are.
    /// </summary>
    internal MulticastBus(MulticastOptions options, IBusLink link, int port)
    {
        _options = options;
        _link = link;
        _readerLimits = options.ReaderLimits ?? DatagramReaderLimits.Default with { MaxDatagramSize = options.MaxDatagramSize };
        Port = port;
        PublisherId = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
        _reassembler = new Reassembler(ReassemblyLimits.Of(options));
        var reliable = options.Reliability == ReliabilityMode.Reliable;
        _reassemblyTimer = new ReassemblyTimer(_reassembler);
        _reassembledReaderLimits = ReassembledReaderLimits(options);
        // The lease assumed for a publisher until its heartbeat announces its own, and the one this bus announces.
        var leaseMilliseconds = Liveliness.Milliseconds(options.LeaseDuration);

        // In reliable mode the tracker counts what the ordered streams deliver, in order, after their own checks: every
        // jump it sees is believed (the streams apply the beyond-the-window rule themselves).
        _tracker = new SequenceTracker(options.MaxPublishers, authenticated: options.Key is not null || reliable, leaseMilliseconds, _livelinessEvents);
        _keyRing = options.Key is { } key ? new BusKeyRing(key, options.AcceptedKeys, options.Confidential, PublisherId) : null;
        if (reliable)
        {
            _reliableSender = new ReliableSender(options.History, options.Repair);
            _deliverInOrder = DeliverInOrder;
            _sendNak = SendNak;
            _controlReplays = options.Key is null ? null : new ControlReplayWindow(options.MaxPublishers * 3);
            _reliableReceiver = new ReliableReceiver(
                options.MaxPublishers, options.Repair, authenticated: options.Key is not null, _deliverInOrder, _sendNak,
                options.LateJoin ? RequestHistory : null, partial: this);
        }

        _publishing = new PublishQueue(_publishGate, link, _keyRing, PublisherId, options, this, RaiseError, _reliableSender is { } history ? history.Record : null, _reliableSender?.Pacer);
        _onDatagram = OnDatagram;
        _reportHandlerError = ReportHandlerError;
        _raiseLiveliness = RaiseLiveliness;
        _leaseWatch = new LeaseWatch(ExpireLeases);
        _heartbeats = new HeartbeatSender(options.HeartbeatPeriod, leaseMilliseconds, () => _publishing.NextHandedOver, SendHeartbeat);
        _link.Error += OnLinkError;
        _link.Receiver.AddReceiver(_onDatagram);
    }

    /// <summary>
    /// Raised for an error no call could be given: a handler or event subscriber that threw, or a socket error. Without a
    /// subscriber, <see cref="Dgram.UnhandledError"/> gets it (and without one there either, standard error).
    /// </summary>
    public event Action<Exception>? Error;

    /// <summary>
    /// Raised on the receive loop for each datagram on the group and port that is not a readable publication (counted in
    /// <see cref="BusStats.Malformed"/> whether or not anyone subscribes).
    /// </summary>
    public event Action<MalformedPublicationException>? Malformed;

    /// <summary>
    /// Raised on the receive loop with the type id and sender of each publication no subscription of this bus takes
    /// (counted in <see cref="BusStats.Unhandled"/> whether or not anyone subscribes).
    /// </summary>
    public event Action<uint, RemoteInfo>? Unhandled;

    /// <summary>
    /// Raised when this bus first hears a publisher (a publication or a heartbeat), and when it hears one again after its
    /// lease expired (docs/wire-format.md, section 7, "Heartbeats"). A process that restarts is a new publisher (a new
    /// id). Raised one event at a time, in order with <see cref="PublisherLost"/>, on the receive loop (or the lease
    /// timer's thread, when a loss is being raised there at the same moment); an exception it throws goes to <see cref="Error"/>.
    /// </summary>
    public event Action<PublisherLivelinessEventArgs>? PublisherJoined;

    /// <summary>
    /// Raised when a publisher's lease expires: nothing heard from it (no publication, no heartbeat) for the lease its last
    /// heartbeat announced, or this bus's <see cref="MulticastOptions.LeaseDuration"/> before one. A process killed
    /// outright is reported here within its lease. Its counts are kept: heard again, it joins again
    /// (<see cref="PublisherLivelinessReason.HeardAgain"/>). Raised on the lease timer's thread (a
    /// <see cref="PublisherLivelinessReason.Forgotten"/> one on the receive loop), one event at a time, in order with
    /// <see cref="PublisherJoined"/>; an exception it throws goes to <see cref="Error"/>.
    /// </summary>
    public event Action<PublisherLivelinessEventArgs>? PublisherLost;

    /// <summary>This bus's random publisher id, sent in the header of every publication (see docs/wire-format.md, section 7).</summary>
    public ulong PublisherId { get; }

    /// <summary>The group address joined.</summary>
    public string Group => _options.Group;

    /// <summary>The port bound: <see cref="MulticastOptions.Port"/>, or the one the system picked when that was 0.</summary>
    public int Port { get; }

    /// <summary>A snapshot of the delivery counts: totals and per publisher (see docs/wire-format.md, section 7, "Counting rules").</summary>
    public BusStats Stats => WithReliability(_tracker.Snapshot(
        Interlocked.Read(ref _malformed), Interlocked.Read(ref _unhandled), Interlocked.Read(ref _dropped)) with
    {
        Rejected = Interlocked.Read(ref _rejected),
        Fragments = _reassembler.Snapshot(),
        HeartbeatsSent = _heartbeats.Sent,
    });

    private bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Leaves the group: drops the membership, closes both sockets and ends every <see cref="SubscribeAsync{T}"/> stream.
    /// It first sends what <see cref="Publish{T}"/> queued and the batch being gathered, waiting for them at most 2
    /// seconds; what is still queued then is not sent, and <see cref="Error"/> is raised once with an
    /// <see cref="ObjectDisposedException"/> saying how many publications that was. It waits for a handler running on
    /// the receive loop to return, but at most 2 seconds (as the socket's close does), so a stuck handler delays it by at
    /// most that; no handler starts after it returns. A <see cref="PublishAsync{T}"/> whose publication was not sent
    /// fails with <see cref="ObjectDisposedException"/>, as one begun after it does. Calling it again does nothing.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        // Under the publish lock: a publication is either queued before the bus closes, or refused.
        lock (_publishGate)
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            _publishing.CloseLocked();
        }

        var unsent = await _publishing.DrainAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        if (unsent > 0)
        {
            RaiseError(new ObjectDisposedException(
                nameof(MulticastBus),
                string.Create(CultureInfo.InvariantCulture, $"The bus was disposed with {unsent} publications still queued after waiting 2 s for the system to take them; they were not sent.")));
        }

        // Heartbeats stop before the link closes, so none is sent on a closed one; then no lease is ended any more.
        await _heartbeats.DisposeAsync().ConfigureAwait(false);
        await _leaseWatch.DisposeAsync().ConfigureAwait(false);
        _link.Receiver.RemoveReceiver(_onDatagram);
        _reliableReceiver?.Dispose();
        _reassemblyTimer.Dispose();
        await _link.DisposeAsync().ConfigureAwait(false);
        _reliableSender?.Clear();
        _link.Error -= OnLinkError;
        EndSubscriptions();
    }

    private void OnLinkError(Exception error) => RaiseError(error);

    private void RaiseError(Exception error) => UserCallbacks.RaiseError(Error, error, _link.ReportUnhandledError);
}
