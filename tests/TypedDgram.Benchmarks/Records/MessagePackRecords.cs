using MessagePack;

namespace TypedDgram.Benchmarks.Records;

// The same records for MessagePack-CSharp in array form ([Key(n)]): element 0 is TypedDgram's type id, so both
// serializers write identical bytes (checked once by Samples.VerifyIdenticalBytes before any benchmark runs).

[MessagePackObject]
public sealed class SmallMsgPack
{
    [Key(0)] public uint TypeId { get; set; } = 101;
    [Key(1)] public int Seq { get; set; }
    [Key(2)] public long Ticks { get; set; }
}

[MessagePackObject]
public sealed class MediumMsgPack
{
    [Key(0)] public uint TypeId { get; set; } = 102;
    [Key(1)] public int Seq { get; set; }
    [Key(2)] public string Name { get; set; } = "";
    [Key(3)] public Guid Session { get; set; }
    [Key(4)] public DateTimeOffset At { get; set; }
    [Key(5)] public double[] Samples { get; set; } = [];
    [Key(6)] public long Total { get; set; }
    [Key(7)] public bool Active { get; set; }
    [Key(8)] public float Ratio { get; set; }
}

[MessagePackObject]
public sealed class LargeMsgPack
{
    [Key(0)] public uint TypeId { get; set; } = 103;
    [Key(1)] public int Seq { get; set; }
    [Key(2)] public long Stamp { get; set; }
    [Key(3)] public string Host { get; set; } = "";
    [Key(4)] public string Text { get; set; } = "";
    [Key(5)] public Guid Session { get; set; }
    [Key(6)] public double[] Readings { get; set; } = [];
    [Key(7)] public int[] Counters { get; set; } = [];
    [Key(8)] public byte[] Blob { get; set; } = [];
}
