using System.Buffers;
using MessagePack;
using TypedDgram.Contracts;

namespace TypedDgram.Tests.Reliability;

/// <summary>
/// Issue 16, finding 3: the allocation budget charges what a read really allocates, so a datagram of parts that arrive
/// as empty arrays, or of empty maps, is refused before it allocates more than the budget for its length.
/// </summary>
public sealed class AllocationChargeTests
{
    /// <summary>An envelope of <paramref name="typeId"/> whose one member is an array of <paramref name="count"/> copies of <paramref name="element"/>.</summary>
    private static byte[] EnvelopeOfRepeated(uint typeId, int count, byte element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(2);
        writer.Write(typeId);
        writer.WriteArrayHeader(count);
        var one = new[] { element };
        for (var i = 0; i < count; i++)
        {
            writer.WriteRaw(one);
        }
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads <paramref name="bytes"/> as <typeparamref name="T"/>; returns the failure and the bytes the thread allocated doing it.</summary>
    private static (MalformedDatagramReason Failure, long Allocated) Read<T>(byte[] bytes)
        where T : IDatagram<T>
    {
        var reader = new MessagePackReader(bytes);
        var context = new DatagramReadContext(DatagramReaderLimits.Default);
        DatagramEnvelope.TryRead(ref reader, ref context, out T _, out _);   // warm up: the first call compiles
        reader = new MessagePackReader(bytes);
        context = new DatagramReadContext(DatagramReaderLimits.Default);
        long before = GC.GetAllocatedBytesForCurrentThread();
        DatagramEnvelope.TryRead(ref reader, ref context, out T _, out _);
        return (context.Failure, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Struct_parts_that_arrive_as_empty_arrays_are_charged_their_size_and_refused_before_allocating()
    {
        var bytes = EnvelopeOfRepeated(733, 1_000, MessagePackCode.MinFixArray);

        var (failure, allocated) = Read<FatStructs>(bytes);

        // Before: read, allocating 1,000 × 512 bytes for a 1,007-byte datagram (16 times its budget).
        Assert.Equal(MalformedDatagramReason.TooMuchAllocation, failure);
        Assert.True(allocated <= DatagramReaderLimits.Default.AllocationBudget(bytes.Length), $"allocated {allocated} bytes for {bytes.Length}");
    }

    [Fact]
    public void Class_parts_that_arrive_as_empty_arrays_are_charged_every_member_they_declare()
    {
        var bytes = EnvelopeOfRepeated(734, 1_000, MessagePackCode.MinFixArray);

        var (failure, allocated) = Read<FatClasses>(bytes);

        Assert.Equal(MalformedDatagramReason.TooMuchAllocation, failure);
        Assert.True(allocated <= DatagramReaderLimits.Default.AllocationBudget(bytes.Length), $"allocated {allocated} bytes for {bytes.Length}");
    }

    [Fact]
    public void Empty_maps_are_charged_the_dictionary_they_allocate()
    {
        var bytes = EnvelopeOfRepeated(735, 1_000, MessagePackCode.MinFixMap);

        var (failure, allocated) = Read<EmptyMaps>(bytes);

        // Before: read, allocating 2.75 times the budget (88 bytes per byte: a list slot and an empty Dictionary).
        Assert.Equal(MalformedDatagramReason.TooMuchAllocation, failure);
        Assert.True(allocated <= DatagramReaderLimits.Default.AllocationBudget(bytes.Length), $"allocated {allocated} bytes for {bytes.Length}");
    }

    [Fact]
    public void A_few_default_parts_still_fit_the_allowance()
    {
        var bytes = EnvelopeOfRepeated(733, 1, MessagePackCode.MinFixArray);

        Assert.Equal(MalformedDatagramReason.None, Read<FatStructs>(bytes).Failure);
    }
}
