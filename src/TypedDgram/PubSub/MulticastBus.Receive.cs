using MessagePack;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

public sealed partial class MulticastBus
{
    /// <summary>The receive hook: check the header, count, decode once, deliver, report. Never throws: the loop must go on.</summary>
    internal void OnDatagram(ReadOnlySpan<byte> datagram, RemoteInfo from)
    {
        // A receive loop that was stuck in a handler past DisposeAsync may go on with datagrams it had already taken.
        if (IsDisposed)
        {
            return;
        }

        // With a key, nothing reaches the sequence check (or moves a publisher's counts) before its tag verified.
        Publication publication;
        ReadOnlyMemory<byte> payload = default;
        HeaderError headerError;
        if (_keyRing is { } keys)
        {
            var opened = keys.Open(datagram, out publication, out payload, out headerError);
            if (opened != FrameVerdict.Opened)
            {
                OnNotOpened(opened, headerError, from);
                return;
            }
        }
        else if (PlainFrame.TryRead(datagram, out var kind, out var frameId, out var frameSequence, out var bodyOffset))
        {
            // Stand-in until the frames commit.
            if (kind == FrameKind.Batch)
            {
                OnBatch(frameId, frameSequence, ReceiveScratch.Copy(datagram[bodyOffset..]), bodyOffset, from);
            }
            else
            {
                PubSubTelemetry.FrameIgnored();
            }

            return;
        }
        else if (!PublicationHeader.TryRead(datagram, out publication, out headerError))
        {
            ReportMalformed(new MalformedPublicationException(headerError.Reason, headerError.Offset, from));
            return;
        }

        // Every publication with a valid header counts for its publisher, whatever this bus subscribes to.
        var verdict = _tracker.Observe(publication.PublisherId, publication.Sequence);
        if (verdict is SequenceVerdict.Duplicate or SequenceVerdict.Stale)
        {
            if (_keyRing is not null)
            {
                // A key holder never sends a number twice: this is a replay (or a network duplicate, which it equals).
                CountRejected(PubSubTelemetry.Replayed);
            }

            return;
        }

        // The contract reader reads memory, not the loop's span; it copies out whatever it keeps.
        if (_keyRing is null)
        {
            payload = ReceiveScratch.Copy(datagram[publication.PayloadOffset..]);
        }

        DeliverContract(payload, publication.PayloadOffset, from, BatchPlace.Alone);
    }

    /// <summary>
    /// Reads one publication's contract datagram (<paramref name="contract"/>, at <paramref name="offset"/> in the
    /// datagram) and hands it to this bus's subscriptions of its type, or counts it unhandled or malformed.
    /// <paramref name="place"/>: its place in a batch, for the malformed report.
    /// </summary>
    private void DeliverContract(ReadOnlyMemory<byte> contract, int offset, RemoteInfo from, BatchPlace place)
    {
        var reader = new MessagePackReader(contract);
        var context = new DatagramReadContext(_readerLimits, contract) { Authenticated = _keyRing is not null }; // captured: a failure can name its member
        if (!DatagramEnvelope.TryReadHeader(ref reader, ref context, out var typeId, out var memberCount))
        {
            ReportMalformed(offset, context, from, typeId: null, contract: null, place);
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
            ReportMalformed(offset, context, from, typeId, subscriptions.ContractType, place);
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
