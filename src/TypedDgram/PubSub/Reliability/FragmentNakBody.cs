using System.Buffers;
using System.Buffers.Binary;
using MessagePack;

namespace TypedDgram.PubSub;

/// <summary>
/// The body of a fragment NAK frame (kind 6): <c>[publisherId (bin 8), publication, [offset0, length0, offset1, length1, ...]]</c>,
/// the publisher asked, the number of one of its fragmented publications, and the runs of bytes of its contract datagram
/// the sender lacks, in increasing order, not overlapping, at most <see cref="MaxRuns"/> (docs/wire-format.md, section 7,
/// "Fragment NAKs"). The frame's own publisher id is the subscriber that sends it.
/// </summary>
/// <remarks>
/// A new kind rather than a longer kind 3 body: a reader of the version before it ignores a kind it does not know, and a
/// publisher of that version never kept fragments to re-send anyway.
/// </remarks>
internal static class FragmentNakBody
{
    /// <summary>The most runs one fragment NAK names: a subscriber missing more asks for the first ones, then the rest.</summary>
    public const int MaxRuns = 64;

    /// <summary>The largest body <see cref="Write"/> produces: 2 array headers, the bin 8, the number, 64 pairs of uint 32.</summary>
    public const int MaxLength = 1 + 10 + 9 + 3 + (MaxRuns * 2 * 5);

    /// <summary>Writes the body asking <paramref name="publisherId"/> for <paramref name="runs"/> (1 to <see cref="MaxRuns"/>) of publication <paramref name="publication"/>.</summary>
    public static void Write(IBufferWriter<byte> output, ulong publisherId, ulong publication, ReadOnlySpan<FragmentSpan> runs)
    {
        if (runs.Length is 0 or > MaxRuns)
        {
            throw new ArgumentOutOfRangeException(nameof(runs), runs.Length, $"A fragment NAK names 1 to {MaxRuns} runs.");
        }

        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(3);
        writer.WriteBinHeader(sizeof(ulong));
        BinaryPrimitives.WriteUInt64BigEndian(writer.GetSpan(sizeof(ulong)), publisherId);
        writer.Advance(sizeof(ulong));
        writer.Write(publication);
        writer.WriteArrayHeader(runs.Length * 2);
        foreach (var run in runs)
        {
            writer.Write((uint)run.Offset);
            writer.Write((uint)run.Length);
        }

        writer.Flush();
    }

    /// <summary>
    /// Reads a fragment NAK body; false when it is not one (wrong shape, no run or more than <see cref="MaxRuns"/>, a run
    /// of 0 bytes or ending past 2^31 - 1, runs not increasing or overlapping, anything after it). Anyone may send one,
    /// so nothing in it is trusted beyond its shape.
    /// </summary>
    public static bool TryRead(ReadOnlyMemory<byte> body, out ulong publisherId, out ulong publication, out FragmentSpan[] runs)
    {
        publisherId = 0;
        publication = 0;
        runs = [];
        try
        {
            var reader = new MessagePackReader(body);
            if (reader.ReadArrayHeader() != 3)
            {
                return false;
            }

            if (reader.ReadBytes() is not { Length: sizeof(ulong) } id)
            {
                return false;
            }

            Span<byte> idBytes = stackalloc byte[sizeof(ulong)];
            id.CopyTo(idBytes);
            var number = reader.ReadUInt64();
            var elements = reader.ReadArrayHeader();
            if (elements == 0 || elements % 2 != 0 || elements / 2 > MaxRuns)
            {
                return false;
            }

            var read = new FragmentSpan[elements / 2];
            for (var i = 0; i < read.Length; i++)
            {
                var offset = reader.ReadUInt32();
                var length = reader.ReadUInt32();
                if (length == 0 || (ulong)offset + length > int.MaxValue || (i > 0 && offset < read[i - 1].End))
                {
                    return false;
                }

                read[i] = new FragmentSpan((int)offset, (int)length);
            }

            if (!reader.End)
            {
                return false;
            }

            publisherId = BinaryPrimitives.ReadUInt64BigEndian(idBytes);
            publication = number;
            runs = read;
            return true;
        }
        catch (Exception error) when (error is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            // A body the reader cannot take is not a NAK; nothing of it is believed.
            return false;
        }
    }
}
