using System.Buffers;
using System.Buffers.Binary;
using MessagePack;
using TypedDgram.Contracts;

namespace TypedDgram.Cli.Tests;

/// <summary>
/// Publications built byte by byte as docs/wire-format.md section 7 lays them out, so a test can send any sequence
/// number (a gap, a repeat, a late one) that a real bus never would.
/// </summary>
internal static class Publications
{
    /// <summary><c>[ "TDGP", 1, publisherId (bin 8, big-endian), sequence, contract datagram ]</c>.</summary>
    public static byte[] Of<T>(ulong publisherId, ulong sequence, T message)
        where T : IDatagram<T>
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(5);
        writer.WriteString("TDGP"u8);
        writer.Write(1);
        var id = new byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(id, publisherId);
        writer.Write(id);
        writer.Write(sequence);
        writer.Flush();
        return [.. output.WrittenSpan, .. DatagramEnvelope.Serialize(message)];
    }

    /// <summary>
    /// The fragment frames of <paramref name="message"/> as publication <paramref name="publication"/>, written from
    /// docs/wire-format.md section 7, "Fragments": <c>[ "TDGP", 3, 4, publisherId, frameSequence, [publication, total,
    /// offset, bytes] ]</c>, in pieces of <paramref name="pieceLength"/> bytes, frame numbers from 0.
    /// </summary>
    public static byte[][] Fragments<T>(ulong publisherId, ulong publication, T message, int pieceLength)
        where T : IDatagram<T>
    {
        var contract = DatagramEnvelope.Serialize(message);
        var frames = new List<byte[]>();
        for (var offset = 0; offset < contract.Length; offset += pieceLength)
        {
            var output = new ArrayBufferWriter<byte>();
            var writer = FrameHeader(output, kind: 4, publisherId, frameSequence: (ulong)frames.Count);
            writer.WriteArrayHeader(4);
            writer.Write(publication);
            writer.Write(contract.Length);
            writer.Write(offset);
            writer.Write(contract.AsSpan(offset, Math.Min(pieceLength, contract.Length - offset)));
            writer.Flush();
            frames.Add(output.WrittenSpan.ToArray());
        }

        return [.. frames];
    }

    /// <summary>A heartbeat, <c>[ "TDGP", 3, 2, publisherId, frameSequence, [highest, leaseMilliseconds] ]</c> (docs/wire-format.md, section 7, "Heartbeats").</summary>
    public static byte[] Heartbeat(ulong publisherId, ulong frameSequence, ulong highest, uint leaseMilliseconds)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = FrameHeader(output, kind: 2, publisherId, frameSequence);
        writer.WriteArrayHeader(2);
        writer.Write(highest);
        writer.Write(leaseMilliseconds);
        writer.Flush();
        return output.WrittenSpan.ToArray();
    }

    // The elements of a version 3 frame before its body (docs/wire-format.md, section 7, "Frames"), written as any
    // MessagePack writer would; the body goes after them.
    private static MessagePackWriter FrameHeader(ArrayBufferWriter<byte> output, int kind, ulong publisherId, ulong frameSequence)
    {
        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(6);
        writer.WriteString("TDGP"u8);
        writer.Write(3);
        writer.Write(kind);
        var id = new byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(id, publisherId);
        writer.Write(id);
        writer.Write(frameSequence);
        return writer;
    }
}
