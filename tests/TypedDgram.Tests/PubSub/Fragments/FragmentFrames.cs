using System.Buffers;
using TypedDgram.Contracts;
using TypedDgram.PubSub;

namespace TypedDgram.Tests.PubSub.Fragments;

/// <summary>Fragment frames (kind 4) built as a bus builds them, for a publisher id and numbers the test chooses.</summary>
internal static class FragmentFrames
{
    /// <summary>
    /// The fragment frames of <paramref name="message"/> as publication <paramref name="publication"/> of
    /// <paramref name="publisherId"/>, in pieces of <paramref name="pieceLength"/> bytes, frame numbers from
    /// <paramref name="firstFrame"/>; sealed under <paramref name="key"/> when one is given.
    /// </summary>
    public static byte[][] Of<T>(ulong publisherId, ulong publication, T message, int pieceLength = 1_000, ulong firstFrame = 0, GroupKey? key = null, bool confidential = false)
        where T : IDatagram<T>
    {
        var contract = DatagramEnvelope.Serialize(message);
        var frames = new byte[(contract.Length + pieceLength - 1) / pieceLength][];
        for (var i = 0; i < frames.Length; i++)
        {
            var offset = i * pieceLength;
            var piece = contract.AsSpan(offset, Math.Min(pieceLength, contract.Length - offset));
            frames[i] = Frame(publisherId, firstFrame + (ulong)i, new FragmentBody(publication, contract.Length, offset, piece), key, confidential);
        }

        return frames;
    }

    /// <summary>One fragment frame with the body given as it is (hostile input included).</summary>
    public static byte[] Frame(ulong publisherId, ulong frameSequence, FragmentBody body, GroupKey? key = null, bool confidential = false)
    {
        var bodyBytes = new byte[FragmentBody.MaxOverhead + body.Bytes.Length];
        var bodyLength = body.Write(bodyBytes);
        return Frame(publisherId, frameSequence, bodyBytes.AsSpan(0, bodyLength), key, confidential);
    }

    /// <summary>A frame of kind 4 whose body is <paramref name="body"/>, whatever it holds.</summary>
    public static byte[] Frame(ulong publisherId, ulong frameSequence, ReadOnlySpan<byte> body, GroupKey? key = null, bool confidential = false)
    {
        if (key is null)
        {
            var plain = new byte[PlainFrame.MaxHeaderLength + body.Length];
            var length = PlainFrame.WriteHeader(plain, FrameKind.Fragment, publisherId, frameSequence);
            body.CopyTo(plain.AsSpan(length));
            return plain[..(length + body.Length)];
        }

        var ring = new BusKeyRing(key, [], confidential, publisherId);
        var buffer = ArrayPool<byte>.Shared.Rent(SecureFrame.MaxHeaderLength + body.Length + ring.TrailerLength);
        var headerLength = SecureFrame.WriteHeader(buffer, FrameKind.Fragment, ring.Suite, ring.KeyId, publisherId, frameSequence);
        body.CopyTo(buffer.AsSpan(headerLength));
        var sealedLength = headerLength + body.Length;
        buffer = ring.Seal(buffer, ref sealedLength, headerLength, FrameKind.Fragment, frameSequence);
        var bytes = buffer.AsSpan(0, sealedLength).ToArray();
        ArrayPool<byte>.Shared.Return(buffer);
        return bytes;
    }
}
