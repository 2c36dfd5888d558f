using MessagePack;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

public sealed partial class MulticastBus
{
    /// <summary>
    /// The receive hook: open the frame (check its header, and with a key verify it), then a publication goes to
    /// <see cref="OnPublication"/> and every other kind to <see cref="OnFrame"/>. Never throws: the loop must go on.
    /// </summary>
    internal void OnDatagram(ReadOnlySpan<byte> datagram, RemoteInfo from)
    {
        // A receive loop that was stuck in a handler past DisposeAsync may go on with datagrams it had already taken.
        if (IsDisposed || !TryOpen(datagram, from, out var frame))
        {
            return;
        }

        if (frame.Kind == FrameKind.Publication)
        {
            OnPublication(frame.PublisherId, frame.Sequence, frame.Body, frame.Header.BodyOffset, from);
        }
        else
        {
            OnFrame(frame, from);
        }
    }

    // With a key, nothing goes further (or moves a publisher's counts) before its tag verified.
    private bool TryOpen(ReadOnlySpan<byte> datagram, RemoteInfo from, out ReceivedFrame frame)
    {
        if (_keyRing is { } keys)
        {
            var opened = keys.Open(datagram, out frame, out var error);
            if (opened != FrameVerdict.Opened)
            {
                OnNotOpened(opened, error, from);
                return false;
            }

            return true;
        }

        if (!PublicationHeader.TryRead(datagram, out var header, out var headerError))
        {
            ReportMalformed(new MalformedPublicationException(headerError.Reason, headerError.Offset, from));
            frame = default;
            return false;
        }

        // The contract reader reads memory, not the loop's span; it copies out whatever it keeps.
        frame = new ReceivedFrame(header, ReceiveScratch.Copy(datagram[header.BodyOffset..]));
        return true;
    }

    /// <summary>
    /// One publication, alone or from a frame carrying several: count it for its publisher, then read and deliver its
    /// contract datagram <paramref name="contract"/>, which started at byte <paramref name="contractOffset"/> of the
    /// datagram (for error reports). A publication reassembled from fragments is read with <paramref name="limits"/>
    /// (its size is up to <see cref="MulticastOptions.MaxPublicationSize"/>, not the datagram's).
    /// </summary>
    internal void OnPublication(ulong publisherId, ulong sequence, ReadOnlyMemory<byte> contract, int contractOffset, RemoteInfo from, DatagramReaderLimits? limits = null)
    {
        if (_reliableReceiver is { } reliable && publisherId != PublisherId)
        {
            // Reliable mode: the publisher's ordered stream decides (deliver, hold back, or drop a repeat) and calls
            // DeliverInOrder. A repeat is a retransmission this bus did not need, not a replay: counted duplicated.
            // A bus's own publications coming back on loopback are not repaired (it never NAKs itself: that would
            // re-send to the whole group what only its own socket missed); they are delivered as they come.
            reliable.OnPublication(publisherId, sequence, contract, contractOffset, from);
            return;
        }

        // Every publication with a valid header counts for its publisher, whatever this bus subscribes to.
        var verdict = _tracker.Observe(publisherId, sequence);
        if (_livelinessEvents.HasPending)
        {
            RaisePendingLiveliness();
        }

        if (verdict is SequenceVerdict.Duplicate or SequenceVerdict.Stale)
        {
            // In reliable mode a repeat of its own is a retransmission it sent for others, not a replay.
            if (_keyRing is not null && _reliableReceiver is null)
            {
                // A key holder never sends a number twice: this is a replay (or a network duplicate, which it equals).
                CountRejected(PubSubTelemetry.Replayed);
            }

            return;
        }

        DeliverContract(contract, contractOffset, from, BatchPlace.Alone, limits ?? _readerLimits);
    }

    /// <summary>
    /// Reliable mode: a publication its ordered stream releases, in order; counted, then read and delivered (one larger
    /// than a datagram was reassembled from fragments, and is read with the limits of those).
    /// </summary>
    private void DeliverInOrder(ulong publisherId, ulong sequence, ReadOnlyMemory<byte> contract, int contractOffset, RemoteInfo from)
    {
        _tracker.Observe(publisherId, sequence);
        DeliverContract(contract, contractOffset, from, BatchPlace.Alone, contract.Length > _options.MaxDatagramSize ? _reassembledReaderLimits : _readerLimits);
    }

    /// <summary>
    /// Reads one publication's contract datagram (<paramref name="contract"/>, at <paramref name="contractOffset"/> in
    /// the datagram) and hands it to this bus's subscriptions of its type, or counts it unhandled or malformed.
    /// <paramref name="place"/>: where it sat in a batch, for the malformed report; <paramref name="limits"/>: how to read it.
    /// </summary>
    private void DeliverContract(ReadOnlyMemory<byte> contract, int contractOffset, RemoteInfo from, BatchPlace place, DatagramReaderLimits limits)
    {
        var reader = new MessagePackReader(contract);
        var context = new DatagramReadContext(limits, contract) { Authenticated = _keyRing is not null }; // captured: a failure can name its member
        if (!DatagramEnvelope.TryReadHeader(ref reader, ref context, out var typeId, out var memberCount))
        {
            ReportMalformed(contractOffset, context, from, typeId: null, contract: null, place);
            return;
        }

        if (!Volatile.Read(ref _subscriptions).TryGetValue(typeId, out var subscriptions) || subscriptions.IsEmpty)
        {
            Interlocked.Increment(ref _unhandled);
            RaiseUnhandled(typeId, from);
            return;
        }

        if (!subscriptions.TryDeliver(ref reader, memberCount, ref context, from))
        {
            ReportMalformed(contractOffset, context, from, typeId, subscriptions.ContractType, place);
        }
    }

    private void ReportMalformed(int payloadOffset, DatagramReadContext context, RemoteInfo from, uint? typeId, Type? contract, BatchPlace place)
    {
        var error = context.ToException(typeId, from, contract);
        var where = (error.Contract, error.Member, error.MemberName) switch
        {
            ({ } name, _, { } memberName) => $"contract datagram ({name}, member {memberName}): ",
            ({ } name, { } member, null) => $"contract datagram ({name}, member {member}): ",
            ({ } name, null, _) => $"contract datagram ({name}): ",
            _ => "contract datagram: ",
        };
        ReportMalformed(new MalformedPublicationException(
            place.Describe() + where + error.Reason, payloadOffset + error.Offset, from, typeId, error));
    }

    // Rejected frames are counted, not reported: anyone can send them, and an event each would hand an attacker the
    // application's error path (as for authenticated contracts).
    private void OnNotOpened(FrameVerdict opened, HeaderError error, RemoteInfo from)
    {
        switch (opened)
        {
            case FrameVerdict.Malformed:
                ReportMalformed(new MalformedPublicationException(error.Reason, error.Offset, from));
                break;
            case FrameVerdict.Rejected:
                CountRejected(PubSubTelemetry.Unauthenticated);
                break;
            default:
                PubSubTelemetry.FrameIgnored();
                break;
        }
    }

    private void CountRejected(string reason)
    {
        Saturating.Increment(ref _rejected);
        PubSubTelemetry.Rejected(reason);
    }

    private void ReportMalformed(MalformedPublicationException error)
    {
        Interlocked.Increment(ref _malformed);
        UserCallbacks.Invoke(Malformed, error, _reportHandlerError);
    }

    private void RaiseUnhandled(uint typeId, RemoteInfo from) => UserCallbacks.Invoke(Unhandled, typeId, from, _reportHandlerError);

    /// <summary>Counts a publication a stream had no room for.</summary>
    internal void CountDropped() => Interlocked.Increment(ref _dropped);

    /// <summary>Gives a subscriber's exception to <see cref="Error"/> the way the socket gives its own: later, on the thread pool.</summary>
    internal void ReportHandlerError(Exception error) => _link.Receiver.ReportError(error);
}
