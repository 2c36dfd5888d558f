using System.Buffers;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

public sealed partial class MulticastBus
{
    // A batch of at most this many publications keeps its verdicts on the stack (a 1,472-byte datagram holds < 736).
    private const int StackVerdicts = 1024;

    /// <summary>
    /// Reads a batch frame's body (docs/wire-format.md, section 7, "Batches"): each of its publications exactly as if it
    /// had come alone (sequence check and counts, then its contract read and delivered, or counted unhandled or
    /// malformed), with one look-up of the publisher for all of them. <paramref name="body"/> is valid during the call
    /// only; <paramref name="bodyOffset"/> is where it starts in the datagram, for reports.
    /// </summary>
    internal void OnBatch(ulong publisherId, ulong first, ReadOnlyMemory<byte> body, int bodyOffset, RemoteInfo from)
    {
        var bytes = body.Span;
        if (!BatchBody.TryReadCount(bytes, out var count, out var position) || ulong.MaxValue - first < (ulong)(count - 1))
        {
            // Without the count, not even how many publications were lost can be told: one malformed datagram.
            ReportMalformed(new MalformedPublicationException(
                "batch: the body is not an array of 1 to 65,535 contract datagrams numbered within 2^64", bodyOffset, from));
            return;
        }

        if (_reliableReceiver is { } reliable && publisherId != PublisherId)
        {
            // Reliable mode: each publication goes to its publisher's ordered stream, as one alone would (OnPublication).
            OnReliableBatch(reliable, publisherId, first, count, body, position, bodyOffset, from);
            return;
        }

        var rented = count > StackVerdicts ? ArrayPool<SequenceVerdict>.Shared.Rent(count) : null;
        var verdicts = rented is null ? stackalloc SequenceVerdict[count] : rented.AsSpan(0, count);
        try
        {
            _tracker.ObserveBatch(publisherId, first, verdicts);
            if (_livelinessEvents.HasPending)
            {
                RaisePendingLiveliness();
            }

            for (var i = 0; i < count; i++)
            {
                if (!BatchBody.TryFindEnd(bytes, position, out var end))
                {
                    // This element runs past the body or is not MessagePack: no later element can be found either.
                    ReportUnreachable(verdicts[i..], new BatchPlace(i, count, first), bodyOffset + position, from);
                    return;
                }

                if (verdicts[i] is SequenceVerdict.Duplicate or SequenceVerdict.Stale)
                {
                    CountRefusedRepeat();
                }
                else
                {
                    DeliverContract(body[position..end], bodyOffset + position, from, new BatchPlace(i, count, first), _readerLimits);
                }

                position = end;
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<SequenceVerdict>.Shared.Return(rented);
            }
        }

        if (position != bytes.Length)
        {
            // Every publication was read; what follows them is not one. Reported once, as a publication with bytes after
            // its contract datagram is: the datagram is not what its writer should have sent.
            ReportMalformed(new MalformedPublicationException(
                $"batch: {bytes.Length - position} bytes follow its {count} contract datagrams", bodyOffset + position, from));
        }
    }

    // A batch in reliable mode: every element to the ordered stream; from an element that cannot be found on, the rest
    // are not handed over, so the stream sees gaps there and repairs them (the publisher re-sends the whole frame).
    private void OnReliableBatch(ReliableReceiver reliable, ulong publisherId, ulong first, int count, ReadOnlyMemory<byte> body, int position, int bodyOffset, RemoteInfo from)
    {
        var bytes = body.Span;
        for (var i = 0; i < count; i++)
        {
            if (!BatchBody.TryFindEnd(bytes, position, out var end))
            {
                ReportMalformed(new MalformedPublicationException(
                    $"batch: element {i} of {count} is not a whole MessagePack value", bodyOffset + position, from));
                return;
            }

            reliable.OnPublication(publisherId, first + (ulong)i, body[position..end], bodyOffset + position, from);
            position = end;
        }
    }

    // Each publication from an element that cannot be found on: malformed as a publication alone whose contract
    // cannot be read (its number did arrive), or a repeat as any repeat.
    private void ReportUnreachable(ReadOnlySpan<SequenceVerdict> verdicts, BatchPlace place, int offset, RemoteInfo from)
    {
        for (var i = 0; i < verdicts.Length; i++)
        {
            if (verdicts[i] is SequenceVerdict.Duplicate or SequenceVerdict.Stale)
            {
                CountRefusedRepeat();
                continue;
            }

            var at = place with { Index = place.Index + i };
            ReportMalformed(new MalformedPublicationException(
                at.Describe() + (i == 0
                    ? "contract datagram: not a complete MessagePack value (it runs past the datagram, or holds code 0xc1), so neither it nor any later element of the batch can be read"
                    : $"contract datagram: cannot be found, as element {place.Index} before it is not a complete MessagePack value"),
                offset,
                from));
        }
    }

    // A duplicate or stale publication is dropped; with a key it is a replay (a key holder never repeats a number).
    private void CountRefusedRepeat()
    {
        if (_keyRing is not null)
        {
            CountRejected(PubSubTelemetry.Replayed);
        }
    }
}
