using System.Buffers;
using System.Globalization;
using TypedDgram.Contracts;
using TypedDgram.Sockets;

namespace TypedDgram.PubSub;

public sealed partial class MulticastBus
{
    /// <summary>
    /// The fragment frames (kind 4, docs/wire-format.md section 7, "Fragments") of a publication larger than
    /// <see cref="MulticastOptions.MaxDatagramSize"/>, numbered <paramref name="publication"/>, each with the next fragment
    /// frame number; the publish queue hands them to the sender in its order. Called under the publish lock with
    /// <paramref name="serialized"/>, the publication as the queue serialized it alone (<paramref name="overhead"/> bytes
    /// of header and tag around the contract datagram), which it owns from here. Throws <c>EMSGSIZE</c>, making nothing,
    /// above <see cref="MulticastOptions.MaxPublicationSize"/>.
    /// </summary>
    List<(byte[] Buffer, int Length, FragmentSpan Piece)> IFragmenter.Fragment<T>(T message, byte[] serialized, int length, int overhead, ulong publication)
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
            if (_options.UnfragmentedBecause is { } why)
            {
                throw new DgramException(
                    DgramErrorCode.MessageTooLong,
                    string.Create(CultureInfo.InvariantCulture, $"A publication of {typeof(T).Name} is {contractLength} bytes of contract, more than fits this bus's MaxDatagramSize of {_options.MaxDatagramSize}: it is not sent. {why}"));
            }

            var pieceLength = FragmentPieceLength();
            if (contractLength > _options.MaxPublicationSize || pieceLength < 1)
            {
                throw TooLarge<T>(contractLength, pieceLength);
            }

            var frames = new List<(byte[] Buffer, int Length, FragmentSpan Piece)>((contractLength + pieceLength - 1) / pieceLength);
            for (var offset = 0; offset < contractLength; offset += pieceLength)
            {
                var piece = contract.AsSpan(start + offset, Math.Min(pieceLength, contractLength - offset));
                var (buffer, frameLength) = FragmentFrame(new FragmentBody(publication, contractLength, offset, piece));
                frames.Add((buffer, frameLength, new FragmentSpan(offset, piece.Length)));
            }

            return frames;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(contract);
        }
    }

    /// <summary>
    /// One fragment frame, numbered with the next fragment frame number, for the link's control destination. A
    /// retransmission of it (a repair in reliable mode) must send these bytes again, unchanged: the number is the AES-GCM
    /// nonce.
    /// </summary>
    private (byte[] Buffer, int Length) FragmentFrame(in FragmentBody fragment)
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

        return (buffer, length);
    }

    // The most contract bytes one fragment frame carries within MaxDatagramSize, whatever its numbers' encodings.
    internal int FragmentPieceLength() =>
        _options.MaxDatagramSize - FragmentBody.MaxOverhead
        - (_keyRing is { } keys ? SecureFrame.MaxHeaderLength + keys.TrailerLength : PlainFrame.MaxHeaderLength);

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
