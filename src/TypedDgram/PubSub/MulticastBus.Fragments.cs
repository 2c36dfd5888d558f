using System.Buffers;
using System.Globalization;
using System.Runtime.ExceptionServices;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

public sealed partial class MulticastBus
{
    /// <summary>
    /// Sends a publication larger than <see cref="MulticastOptions.MaxDatagramSize"/> as fragment frames (kind 4,
    /// docs/wire-format.md section 7, "Fragments"): it takes the next publication number, once, and each fragment the
    /// next fragment frame number. Called under the publish lock with <paramref name="serialized"/>, the publication as
    /// <see cref="PublishAsync{T}"/> serialized it (<paramref name="overhead"/> bytes of header and tag around the
    /// contract datagram), which it owns from here. Throws <c>EMSGSIZE</c>, sending nothing, above
    /// <see cref="MulticastOptions.MaxPublicationSize"/>.
    /// </summary>
    private ValueTask<int>[] SendInFragments<T>(T message, byte[] serialized, int length, int overhead, CancellationToken cancellationToken)
        where T : IDatagram<T>
    {
        // Unkeyed, the contract datagram follows the version 1 header verbatim; keyed, it was sealed (or encrypted) in
        // place, so it is serialized again: only publications larger than a datagram pay for that.
        byte[] contract;
        int start, contractLength;
        if (_keyRing is null)
        {
            (contract, start, contractLength) = (serialized, overhead, length - overhead);
        }
        else
        {
            ArrayPool<byte>.Shared.Return(serialized);
            contract = PooledEnvelope.Serialize(message, out contractLength);
            start = 0;
        }

        try
        {
            var pieceLength = FragmentPieceLength();
            if (contractLength > _options.MaxPublicationSize || pieceLength < 1)
            {
                throw TooLarge<T>(contractLength, pieceLength);
            }

            var publication = _nextSequence++;
            var sends = new ValueTask<int>[(contractLength + pieceLength - 1) / pieceLength];
            for (var i = 0; i < sends.Length; i++)
            {
                var offset = i * pieceLength;
                var piece = contract.AsSpan(start + offset, Math.Min(pieceLength, contractLength - offset));
                sends[i] = SendFragment(new FragmentBody(publication, contractLength, offset, piece), cancellationToken);
            }

            return sends;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(contract);
        }
    }

    /// <summary>
    /// Sends one fragment frame, numbered with the next fragment frame number, to the link's control destination. A
    /// retransmission of it (a repair in reliable mode) must send these bytes again, unchanged: the number is the AES-GCM
    /// nonce.
    /// </summary>
    private ValueTask<int> SendFragment(in FragmentBody fragment, CancellationToken cancellationToken)
    {
        var keys = _keyRing;
        var bodyLength = FragmentBody.MaxOverhead + fragment.Bytes.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(
            keys is null ? PlainFrame.MaxHeaderLength + bodyLength : SecureFrame.MaxHeaderLength + bodyLength + keys.TrailerLength);
        var sequence = _nextFrameSequence[(int)FrameKind.Fragment]++;
        int length;
        if (keys is null)
        {
            length = PlainFrame.WriteHeader(buffer, FrameKind.Fragment, PublisherId, sequence);
            length += fragment.Write(buffer.AsSpan(length));
        }
        else
        {
            var headerLength = SecureFrame.WriteHeader(buffer, FrameKind.Fragment, keys.Suite, keys.KeyId, PublisherId, sequence);
            length = headerLength + fragment.Write(buffer.AsSpan(headerLength));
            buffer = keys.Seal(buffer, ref length, headerLength, FrameKind.Fragment, sequence);
        }

        return _link.Sender.SendAsync(buffer, length, _link.ControlDestination, cancellationToken);
    }

    // The most contract bytes one fragment frame carries within MaxDatagramSize, whatever its numbers' encodings.
    private int FragmentPieceLength() =>
        _options.MaxDatagramSize - FragmentBody.MaxOverhead
        - (_keyRing is { } keys ? SecureFrame.MaxHeaderLength + keys.TrailerLength : PlainFrame.MaxHeaderLength);

    private async ValueTask AwaitFragments(ValueTask<int>[] sends)
    {
        // Every send is awaited (each may hold a pooled source), and the first failure is the publication's.
        ExceptionDispatchInfo? failure = null;
        foreach (var send in sends)
        {
            try
            {
                await AwaitSend(send).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                failure ??= ExceptionDispatchInfo.Capture(error);
            }
        }

        failure?.Throw();
    }

    /// <summary>A fragment frame received (and with a key verified): into reassembly; a publication it completes goes on as any publication.</summary>
    private void OnFragment(in ReceivedFrame frame, RemoteInfo from)
    {
        if (!FragmentBody.TryRead(frame.Body.Span, out var fragment, out var error))
        {
            ReportMalformed(new MalformedPublicationException(error.Reason, frame.Header.BodyOffset + error.Offset, from));
            return;
        }

        switch (_reassembler.Accept(frame.PublisherId, fragment, ReassemblyTimer.Now, out var whole))
        {
            case FragmentOutcome.Completed:
                OnPublication(whole.PublisherId, whole.Publication, whole.ContractDatagram, contractOffset: 0, from, _reassembledReaderLimits);
                break;
            case FragmentOutcome.Added:
                _reassemblyTimer.Arm();
                break;
        }
    }

    // A reassembled publication is read as the options say, but up to MaxPublicationSize; by default its strings and
    // binaries may be as long as it is, since a large publication is mostly one of them.
    private static DatagramReaderLimits ReassembledReaderLimits(MulticastOptions options) =>
        options.ReaderLimits is { } given
            ? given with { MaxDatagramSize = Math.Max(given.MaxDatagramSize, options.MaxPublicationSize) }
            : DatagramReaderLimits.Default with
            {
                MaxDatagramSize = Math.Max(DatagramReaderLimits.Default.MaxDatagramSize, options.MaxPublicationSize),
                MaxStringLength = Math.Max(DatagramReaderLimits.Default.MaxStringLength, options.MaxPublicationSize),
                MaxBinaryLength = Math.Max(DatagramReaderLimits.Default.MaxBinaryLength, options.MaxPublicationSize),
            };

    private DgramException TooLarge<T>(int contractLength, int pieceLength) => new(
        DgramErrorCode.MessageTooLong,
        pieceLength < 1
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"A publication of {typeof(T).Name} is {contractLength} bytes of contract, more than fits this bus's MaxDatagramSize of {_options.MaxDatagramSize}, which is too small to carry it in fragments either (a fragment frame needs {_options.MaxDatagramSize - pieceLength + 1} bytes for its header, numbers and at least one byte): it is not sent. Raise MaxDatagramSize, or publish less per message.")
            : string.Create(
                CultureInfo.InvariantCulture,
                $"A publication of {typeof(T).Name} is {contractLength} bytes of contract, more than this bus's MaxPublicationSize of {_options.MaxPublicationSize}: it is not sent. Publish less per message, or raise MaxPublicationSize on every bus of the group (each reassembles publications only up to its own)."));
}
