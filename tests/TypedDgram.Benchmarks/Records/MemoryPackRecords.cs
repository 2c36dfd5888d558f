using MemoryPack;

namespace TypedDgram.Benchmarks.Records;

// The same records for MemoryPack (its own binary format, so not the same bytes: the column shows what a
// non-MessagePack, non-portable layout costs or saves).

[MemoryPackable]
public sealed partial record SmallMemPack(int Seq, long Ticks);

[MemoryPackable]
public sealed partial record MediumMemPack(int Seq, string Name, Guid Session, DateTimeOffset At, double[] Samples, long Total, bool Active, float Ratio);

[MemoryPackable]
public sealed partial record LargeMemPack(int Seq, long Stamp, string Host, string Text, Guid Session, double[] Readings, int[] Counters, byte[] Blob);
