using System.Buffers;
using System.Diagnostics;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

public sealed partial class MulticastBus
{
    // The next frame number of each control kind (docs/wire-format.md section 7: unique per publisher id and kind,
    // because with AES-GCM it is the nonce). Publications and batches are numbered by the PublishQueue instead.
    private readonly ulong[] _nextFrameSequence = new ulong[8];
    private SendCallback? _onFrameSent;

    /// <summary>
    /// A frame that is not a lone publication (a batch, a heartbeat, a NAK, a fragment, a history request), opened and
    /// with a key verified. One case per kind, each handing the frame to the component that owns it; a kind this version
    /// does not know is ignored and counted, which is how a later version's frames stay harmless here.
    /// </summary>
    private void OnFrame(in ReceivedFrame frame, RemoteInfo from)
    {
        switch (frame.Kind)
        {
            case FrameKind.Nak or FrameKind.FragmentNak or FrameKind.HistoryRequest when IsReplayedRequest(frame):
                break;
            case FrameKind.Nak:
                OnNak(frame);
                break;
            case FrameKind.FragmentNak:
                OnFragmentNak(frame);
                break;
            case FrameKind.HistoryRequest:
                OnHistoryRequest(frame);
                break;
            case FrameKind.Batch:
                OnBatch(frame.PublisherId, frame.Sequence, frame.Body, frame.Header.BodyOffset, from);
                break;
            case FrameKind.Fragment:
                OnFragment(frame, from);
                break;
            case FrameKind.Heartbeat:
                OnHeartbeat(frame, from);
                break;
            default:
                PubSubTelemetry.FrameIgnored();
                break;
        }
    }

    /// <summary>
    /// Reliable mode with a key: whether a NAK, fragment NAK or history request (from another bus) is a replay of one this
    /// bus has acted on; then it is counted rejected (reason <c>replayed</c>) and goes no further.
    /// </summary>
    private bool IsReplayedRequest(in ReceivedFrame frame)
    {
        if (_controlReplays is not { } window || frame.PublisherId == PublisherId || window.TryAccept(frame.PublisherId, frame.Kind, frame.Sequence))
        {
            return false;
        }

        CountRejected(PubSubTelemetry.Replayed);
        return true;
    }

    /// <summary>
    /// Sends a control frame of <paramref name="kind"/> with <paramref name="body"/> (one MessagePack value) where the
    /// link takes frames of that kind (<see cref="FrameRouting"/>): a version 3 frame, or with a key a sealed version 2 frame. Numbers it
    /// (per kind, from 0) and returns the number used. Does not wait for the send; a send error goes to <see cref="Error"/>.
    /// The caller keeps the frame within <see cref="MulticastOptions.MaxDatagramSize"/>. Nothing is sent once the bus is
    /// disposed (returns null).
    /// </summary>
    internal ulong? SendFrame(FrameKind kind, ReadOnlySpan<byte> body)
    {
        Debug.Assert(kind is not (FrameKind.Publication or FrameKind.Batch), "publications are numbered by publication number, not per kind");
        var keys = _keyRing;
        var buffer = ArrayPool<byte>.Shared.Rent(
            keys is null ? PlainFrame.MaxHeaderLength + body.Length : SecureFrame.MaxHeaderLength + body.Length + keys.TrailerLength);
        lock (_publishGate)
        {
            // Under the lock as PublishAsync does: DisposeAsync sets the flag under it, and sealing uses the one AES instance.
            if (IsDisposed)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return null;
            }

            var sequence = _nextFrameSequence[(int)kind]++;
            int length;
            if (keys is null)
            {
                length = PlainFrame.WriteHeader(buffer, kind, PublisherId, sequence);
                body.CopyTo(buffer.AsSpan(length));
                length += body.Length;
            }
            else
            {
                var headerLength = SecureFrame.WriteHeader(buffer, kind, keys.Suite, keys.KeyId, PublisherId, sequence);
                body.CopyTo(buffer.AsSpan(headerLength));
                length = headerLength + body.Length;
                buffer = keys.Seal(buffer, ref length, headerLength, kind, sequence);
            }

            Debug.Assert(length <= _options.MaxDatagramSize, $"a {kind} frame of {length} bytes is over MaxDatagramSize");
            _link.Sender.Send(buffer, length, _link.FrameDestinationOf(kind), _onFrameSent ??= OnFrameSent);
            return sequence;
        }
    }

    private void OnFrameSent(DgramException? error, int bytes)
    {
        if (error is not null && !IsDisposed)
        {
            RaiseError(error);
        }
    }
}
