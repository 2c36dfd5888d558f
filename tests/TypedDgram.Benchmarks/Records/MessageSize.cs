using TypedDgram.Contracts;

namespace TypedDgram.Benchmarks.Records;

/// <summary>What delivering one throughput datagram must allocate: its <see cref="Blob"/> record and the record's byte[].</summary>
public static class MessageSize
{
    /// <summary>Bytes allocated by deserializing the <paramref name="size"/>-byte datagram, measured on this thread.</summary>
    public static long Of(int size)
    {
        var wire = DatagramEnvelope.Serialize(Samples.BlobOfSize(size));
        DatagramEnvelope.Deserialize<Blob>(wire);
        var before = GC.GetAllocatedBytesForCurrentThread();
        DatagramEnvelope.Deserialize<Blob>(wire);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
