using TypedDgram.Contracts;

namespace TypedDgram.Benchmarks.Records;

// The three records of the serialization benchmarks as TypedDgram contracts. MessagePackRecords.cs and
// MemoryPackRecords.cs hold the same shapes for the other two serializers; Samples.cs fills all three with one value.

/// <summary>The small record: a ping (8 bytes on the wire).</summary>
[Datagram(Id = 101)]
public sealed partial record SmallRecord(int Seq, long Ticks);

/// <summary>The medium record: eight members, among them a string, a Guid, a DateTimeOffset and 16 doubles.</summary>
[Datagram(Id = 102)]
public sealed partial record MediumRecord(
    int Seq,
    string Name,
    Guid Session,
    DateTimeOffset At,
    double[] Samples,
    long Total,
    bool Active,
    float Ratio);

/// <summary>The large record: text, numbers and a blob, about 1,200 bytes on the wire.</summary>
[Datagram(Id = 103)]
public sealed partial record LargeRecord(
    int Seq,
    long Stamp,
    string Host,
    string Text,
    Guid Session,
    double[] Readings,
    int[] Counters,
    byte[] Blob);

/// <summary>The throughput benchmark's datagram: a sequence number that always takes 5 bytes and a filler sized to the payload.</summary>
[Datagram(Id = 110)]
public sealed partial record Blob(uint Seq, byte[] Data);
