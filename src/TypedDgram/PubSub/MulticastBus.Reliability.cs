using System.Buffers;
using System.Diagnostics;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

public sealed partial class MulticastBus
{
    // A NAK frame's header and, with a key, its tag take at most this much; the ranges get the rest of MaxDatagramSize.
    private const int NakFrameOverhead = 96;

    private static readonly long StartTimestamp = Stopwatch.GetTimestamp();

    private static TimeSpan Now => Stopwatch.GetElapsedTime(StartTimestamp);

    /// <summary>
    /// A NAK frame (kind 3) from another bus: if it asks this bus, re-send what it names (coalesced and rate-limited by
    /// <see cref="ReliableSender"/>); if it asks another publisher, it may spare this bus its own NAK for the same numbers.
    /// A bus in best-effort mode ignores NAKs; so does every bus a NAK that is not well formed (anyone can send one):
    /// counted as an ignored frame, not reported.
    /// </summary>
    private void OnNak(in ReceivedFrame frame)
    {
        if (_reliableSender is null || frame.PublisherId == PublisherId || !NakBody.TryRead(frame.Body, out var asked, out var ranges))
        {
            PubSubTelemetry.FrameIgnored();
            return;
        }

        if (asked != PublisherId)
        {
            _reliableReceiver!.OnOthersNak(asked, ranges);
            return;
        }

        var repairs = new List<ReliableSender.Repair>();
        _reliableSender.OnNak(ranges, Now, repairs);
        PubSubTelemetry.Repair("nak_received");
        PubSubTelemetry.Repair("retransmitted", repairs.Count);
        Resend(repairs);
    }

    /// <summary>
    /// A history request (kind 5) from a late-joining bus: if it asks this bus, re-send every retained frame, oldest first,
    /// within the repair rate limit (what the limit holds back the joiner NAKs as gaps).
    /// </summary>
    private void OnHistoryRequest(in ReceivedFrame frame)
    {
        if (_reliableSender is null || frame.PublisherId == PublisherId
            || !HistoryRequestBody.TryRead(frame.Body.Span, out var asked) || asked != PublisherId)
        {
            PubSubTelemetry.FrameIgnored();
            return;
        }

        var repairs = new List<ReliableSender.Repair>();
        _reliableSender.ResendFrom(0, Now, repairs);
        PubSubTelemetry.Repair("retransmitted", repairs.Count);
        Resend(repairs);
    }

    /// <summary>LateJoin: asks <paramref name="publisherId"/>, just heard for the first time, for its retained history.</summary>
    private void RequestHistory(ulong publisherId)
    {
        Span<byte> body = stackalloc byte[HistoryRequestBody.Length];
        HistoryRequestBody.Write(body, publisherId);
        SendFrame(FrameKind.HistoryRequest, body);
    }

    /// <summary>Sends a NAK asking <paramref name="publisherId"/> for <paramref name="ranges"/> (as many as fit in a datagram).</summary>
    private void SendNak(ulong publisherId, ReadOnlySpan<SequenceRange> ranges)
    {
        var fit = Math.Clamp((_options.MaxDatagramSize - NakFrameOverhead) / 18, 1, NakBody.MaxRanges);
        var body = new ArrayBufferWriter<byte>(NakBody.MaxLength);
        NakBody.Write(body, publisherId, ranges[..Math.Min(ranges.Length, fit)]);
        SendFrame(FrameKind.Nak, body.WrittenSpan);
        PubSubTelemetry.Repair("nak_sent");
    }

    // Re-sends kept frames, verbatim, to where they first went; outside every lock but the publish lock, which keeps a
    // disposed bus from sending.
    private void Resend(List<ReliableSender.Repair> repairs)
    {
        lock (_publishGate)
        {
            foreach (var repair in repairs)
            {
                if (IsDisposed)
                {
                    ArrayPool<byte>.Shared.Return(repair.RentedBuffer);
                    continue;
                }

                _link.Sender.Send(repair.RentedBuffer, repair.Length, repair.Destination, _onFrameSent ??= OnFrameSent);
            }
        }
    }

    /// <summary>Reliable mode: the publisher's flow control (benchmarks report its slowdowns); null in best effort.</summary>
    internal SendPacer? Pacer => _reliableSender?.Pacer;

    /// <summary>
    /// Reliable mode: a publisher announced its newest publication number (a heartbeat, PubSub/Liveliness), so a lost
    /// tail becomes a gap this bus NAKs. Does nothing in best-effort mode.
    /// </summary>
    internal void OnPublisherAnnounced(ulong publisherId, ulong highest) => _reliableReceiver?.OnAnnounced(publisherId, highest);

    /// <summary>
    /// Reliable mode: a publisher's lease expired (PubSub/Liveliness): what this bus held back from it is delivered and
    /// its gaps given up now rather than at their deadline. Does nothing in best-effort mode.
    /// </summary>
    internal void OnPublisherGone(ulong publisherId) => _reliableReceiver?.OnPublisherLost(publisherId);

    // Adds the repair counts to a snapshot: per publisher as a subscriber saw it, and in total with this bus's own
    // publisher-side counts. A retransmission a subscriber did not need counts duplicated.
    private BusStats WithReliability(BusStats stats)
    {
        if (_reliableReceiver is not { } receiver)
        {
            return stats;
        }

        var publishers = new PublisherStats[stats.Publishers.Count];
        for (var i = 0; i < publishers.Length; i++)
        {
            var publisher = stats.Publishers[i];
            publishers[i] = receiver.CountsOf(publisher.PublisherId) is { } counts
                ? publisher with
                {
                    Duplicated = Saturating.Add(publisher.Duplicated, counts.Duplicates),
                    Recovered = counts.Recovered,
                    Unrecoverable = counts.Unrecoverable,
                    NaksSent = counts.NaksSent,
                }
                : publisher;
        }

        var totals = receiver.Totals();
        return stats with
        {
            Publishers = publishers,
            Duplicated = Saturating.Add(stats.Duplicated, totals.Duplicates),
            Recovered = totals.Recovered,
            Unrecoverable = totals.Unrecoverable,
            NaksSent = totals.NaksSent,
            NaksSuppressed = totals.NaksSuppressed,
            NaksReceived = _reliableSender!.NaksReceived,
            Retransmissions = _reliableSender.Retransmissions,
        };
    }
}
