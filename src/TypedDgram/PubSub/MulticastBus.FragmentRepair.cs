using System.Buffers;
using System.Runtime.InteropServices;

namespace TypedDgram.PubSub;

public sealed partial class MulticastBus
{
    // A fragment NAK frame's header and, with a key, its tag; its publisher id and number take 23 bytes more, each run 10.
    private const int FragmentNakOverhead = NakFrameOverhead + 23;

    /// <summary>
    /// A fragment NAK frame (kind 6) from another bus: if it asks this bus, re-send the fragment frames of that
    /// publication carrying the bytes it names (coalesced and rate-limited with every repair, <see cref="ReliableSender"/>);
    /// if it asks another publisher and names every byte this bus lacks of the same publication, this bus need not ask
    /// this round (NORM's suppression). Ignored in best-effort mode and when not well formed (anyone can send one).
    /// </summary>
    private void OnFragmentNak(in ReceivedFrame frame)
    {
        if (_reliableSender is null || frame.PublisherId == PublisherId
            || !FragmentNakBody.TryRead(frame.Body, out var asked, out var publication, out var runs))
        {
            PubSubTelemetry.FrameIgnored();
            return;
        }

        if (asked != PublisherId)
        {
            if (_reassembler.MissingOf(asked, publication) is { } missing && Covers(runs, missing))
            {
                _reliableReceiver!.OnOthersNak(asked, [new SequenceRange(publication, 1)]);
            }

            return;
        }

        var repairs = new List<ReliableSender.Repair>();
        _reliableSender.OnFragmentNak(publication, runs, Now, repairs);
        PubSubTelemetry.Repair("nak_received");
        PubSubTelemetry.Repair("retransmitted", repairs.Count);
        Resend(repairs);
    }

    /// <inheritdoc/>
    int IPartialRepair.NakMissingBytes(ulong publisherId, ulong publication, int maxFrames)
    {
        if (_reassembler.MissingOf(publisherId, publication) is not { } missing)
        {
            return -1;
        }

        var fit = Math.Clamp((_options.MaxDatagramSize - FragmentNakOverhead) / 10, 1, FragmentNakBody.MaxRuns);
        ReadOnlySpan<FragmentSpan> runs = CollectionsMarshal.AsSpan(missing);
        var sent = 0;
        while (!runs.IsEmpty && sent < maxFrames)
        {
            var these = runs[..Math.Min(runs.Length, fit)];
            var body = new ArrayBufferWriter<byte>(FragmentNakBody.MaxLength);
            FragmentNakBody.Write(body, publisherId, publication, these);
            SendFrame(FrameKind.FragmentNak, body.WrittenSpan);
            PubSubTelemetry.Repair("nak_sent");
            runs = runs[these.Length..];
            sent++;
        }

        return sent;
    }

    /// <inheritdoc/>
    void IPartialRepair.GiveUp(ulong publisherId, ulong publication) => _reassembler.GiveUp(publisherId, publication);

    // Whether every byte of `missing` is inside one of `runs` (both sorted, disjoint).
    private static bool Covers(ReadOnlySpan<FragmentSpan> runs, List<FragmentSpan> missing)
    {
        var r = 0;
        foreach (var gap in missing)
        {
            long from = gap.Offset;
            while (from < gap.End)
            {
                while (r < runs.Length && runs[r].End <= from)
                {
                    r++;
                }

                if (r == runs.Length || runs[r].Offset > from)
                {
                    return false;
                }

                from = runs[r].End;
            }
        }

        return true;
    }
}
