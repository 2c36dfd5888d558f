using System.Buffers;
using MessagePack;

namespace TypedDgram.PubSub;

/// <summary>
/// The body of a NAK frame (kind 3): <c>[publisherId (bin 8), [first0, count0, first1, count1, ...]]</c>, the
/// publisher asked and the runs of its publication numbers the sender is missing, in increasing order, at most
/// <see cref="MaxRanges"/> runs (docs/wire-format.md, section 7, "NAKs and repairs"). The frame's own publisher id is
/// the subscriber that sends it.
/// </summary>
internal static class NakBody
{
    /// <summary>The most runs one NAK names: a subscriber missing more asks for the first ones, then the rest.</summary>
    public const int MaxRanges = 64;

    /// <summary>The largest body <see cref="Write"/> produces: 2 array headers, the bin 8, and 64 pairs of uint 64.</summary>
    public const int MaxLength = 1 + 10 + 3 + (MaxRanges * 2 * 9);

    /// <summary>Writes the body asking <paramref name="publisherId"/> for <paramref name="ranges"/> (at most <see cref="MaxRanges"/>).</summary>
    public static void Write(IBufferWriter<byte> output, ulong publisherId, ReadOnlySpan<SequenceRange> ranges)
    {
        if (ranges.Length is 0 or > MaxRanges)
        {
            throw new ArgumentOutOfRangeException(nameof(ranges), ranges.Length, $"A NAK names 1 to {MaxRanges} ranges.");
        }

        var writer = new MessagePackWriter(output);
        writer.WriteArrayHeader(2);
        writer.WriteBinHeader(sizeof(ulong));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(writer.GetSpan(sizeof(ulong)), publisherId);
        writer.Advance(sizeof(ulong));
        writer.WriteArrayHeader(ranges.Length * 2);
        foreach (var range in ranges)
        {
            writer.Write(range.First);
            writer.Write(range.Count);
        }

        writer.Flush();
    }

    /// <summary>
    /// Reads a NAK body; false when it is not one (wrong shape, more than <see cref="MaxRanges"/> runs, a run of 0, runs
    /// not increasing or overlapping, anything after it). Anyone may send one, so nothing in it is trusted beyond its shape.
    /// </summary>
    public static bool TryRead(ReadOnlyMemory<byte> body, out ulong publisherId, out SequenceRange[] ranges)
    {
        publisherId = 0;
        ranges = [];
        try
        {
            var reader = new MessagePackReader(body);
            if (reader.ReadArrayHeader() != 2)
            {
                return false;
            }

            var id = reader.ReadBytes();
            if (id is not { Length: sizeof(ulong) } bytes)
            {
                return false;
            }

            Span<byte> idBytes = stackalloc byte[sizeof(ulong)];
            bytes.CopyTo(idBytes);
            var elements = reader.ReadArrayHeader();
            if (elements == 0 || elements % 2 != 0 || elements / 2 > MaxRanges)
            {
                return false;
            }

            var read = new SequenceRange[elements / 2];
            for (var i = 0; i < read.Length; i++)
            {
                var first = reader.ReadUInt64();
                var count = reader.ReadUInt32();
                if (count == 0 || first > ulong.MaxValue - (count - 1) || (i > 0 && first <= read[i - 1].Last))
                {
                    return false;
                }

                read[i] = new SequenceRange(first, count);
            }

            if (!reader.End)
            {
                return false;
            }

            publisherId = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(idBytes);
            ranges = read;
            return true;
        }
        catch (Exception error) when (error is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            // A body the reader cannot take is not a NAK; nothing of it is believed.
            return false;
        }
    }
}
