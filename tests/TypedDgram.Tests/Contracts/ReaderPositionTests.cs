using System.Buffers;
using CsCheck;
using MessagePack;
using TypedDgram.Contracts;

namespace TypedDgram.Tests.Contracts;

/// <summary>
/// The read context decodes a contiguous datagram in place (and, for the library's own datagrams, lets the
/// MessagePackReader catch up only when it is looked at); multi-segment input is read through copies of each header.
/// All must give the same values and reports, and a caller's reader stands after what was read or where it failed.
/// </summary>
public class ReaderPositionTests
{
    [Fact]
    public void Datagrams_split_into_one_byte_segments_read_the_same_as_one_buffer()
    {
        var random = new Random(6);
        foreach (var seed in Seeds())
        {
            for (var i = 0; i < 200; i++)
            {
                var datagram = i == 0 ? seed : Mutate(seed, random);
                var whole = Read(new ReadOnlySequence<byte>(datagram));
                var split = Read(OneByteSegments(datagram));
                Assert.Equal(whole, split);
            }
        }
    }

    [Fact]
    public void After_a_whole_datagram_the_reader_is_at_its_end()
    {
        var datagram = DatagramEnvelope.Serialize(new Pong(3, "three"));
        var reader = new MessagePackReader(datagram);
        var context = new DatagramReadContext(DatagramReaderLimits.Default);

        Assert.True(DatagramEnvelope.TryRead<Pong>(ref reader, ref context, out _, out _));
        Assert.True(reader.End);
        Assert.Equal(datagram.Length, reader.Consumed);
    }

    [Fact]
    public void Between_calls_the_reader_stands_after_what_the_context_read_so_a_caller_can_read_on()
    {
        var reader = new MessagePackReader(DatagramEnvelope.Serialize(new Pong(3, "three")));
        var context = new DatagramReadContext(DatagramReaderLimits.Default);

        Assert.True(DatagramEnvelope.TryReadHeader(ref reader, ref context, out _, out _));
        Assert.Equal(3, reader.ReadInt32());
        Assert.True(context.TryReadString(ref reader, out var note));
        Assert.Equal("three", note);
        Assert.True(reader.End);
    }

    [Fact]
    public void After_a_failure_the_reader_stands_at_the_value_that_failed()
    {
        byte[] datagram = [0x93, 0x01, 0x01, 0xC1];
        var reader = new MessagePackReader(datagram);
        var context = new DatagramReadContext(DatagramReaderLimits.Default);

        Assert.False(DatagramEnvelope.TryRead<Ping>(ref reader, ref context, out _, out _));
        Assert.Equal(MalformedDatagramReason.InvalidCode, context.Failure);
        Assert.Equal(3, context.FailureOffset);
        Assert.Equal(3, reader.Consumed);
    }

    // The outcome of reading one datagram as an Everything: its bytes written back, or the reason and offset it failed.
    private static string Read(ReadOnlySequence<byte> datagram)
    {
        var reader = new MessagePackReader(datagram);
        var context = new DatagramReadContext(DatagramReaderLimits.Default);
        return DatagramEnvelope.TryRead<Everything>(ref reader, ref context, out var value, out _)
            ? Convert.ToHexString(DatagramEnvelope.Serialize(value))
            : $"{context.Failure} at {context.FailureOffset}";
    }

    private static List<byte[]> Seeds()
    {
        var seeds = new List<byte[]>();
        Generators.Everything.Sample(e => seeds.Add(DatagramEnvelope.Serialize(e)), iter: 10, seed: "0N0XIzNsQ0O2");
        return seeds;
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var copy = random.Next(3) == 0 ? seed[..random.Next(seed.Length)] : (byte[])seed.Clone();
        if (copy.Length > 0)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private static ReadOnlySequence<byte> OneByteSegments(byte[] datagram)
    {
        if (datagram.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(datagram.AsMemory(0, 1), 0);
        var last = first;
        for (var i = 1; i < datagram.Length; i++)
        {
            last = last.Append(datagram.AsMemory(i, 1));
        }

        return new ReadOnlySequence<byte>(first, 0, last, 1);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
