using MessagePack;

namespace TypedDgram.Tests.Contracts;

// MessagePack-CSharp's own view of the wire: [MessagePackObject] classes in array form, one key per element.
// If MessagePackSerializer reads our bytes into these (and writes these into bytes we read), the wire is standard.

[MessagePackObject]
public sealed class PointMirror
{
    [Key(0)] public int X { get; set; }
    [Key(1)] public int Y { get; set; }
}

[MessagePackObject]
public sealed class Span2Mirror
{
    [Key(0)] public PointMirror From { get; set; } = new();
    [Key(1)] public PointMirror? To { get; set; }
}

[MessagePackObject]
public sealed class PingMirror
{
    [Key(0)] public int Seq { get; set; }
    [Key(1)] public DateTimeOffset SentAt { get; set; }
}

[MessagePackObject]
public sealed class EverythingMirror
{
    [Key(0)] public uint TypeId { get; set; }
    [Key(1)] public bool Bool { get; set; }
    [Key(2)] public byte Byte { get; set; }
    [Key(3)] public sbyte SByte { get; set; }
    [Key(4)] public short Short { get; set; }
    [Key(5)] public ushort UShort { get; set; }
    [Key(6)] public int Int { get; set; }
    [Key(7)] public uint UInt { get; set; }
    [Key(8)] public long Long { get; set; }
    [Key(9)] public ulong ULong { get; set; }
    [Key(10)] public long NInt { get; set; }
    [Key(11)] public ulong NUInt { get; set; }
    [Key(12)] public char Char { get; set; }
    [Key(13)] public float Float { get; set; }
    [Key(14)] public double Double { get; set; }
    [Key(15)] public decimal Decimal { get; set; }
    [Key(16)] public string String { get; set; } = "";
    [Key(17)] public string? NullableString { get; set; }
    [Key(18)] public byte[] Bytes { get; set; } = [];
    [Key(19)] public byte[]? NullableBytes { get; set; }
    [Key(20)] public byte[] Memory { get; set; } = [];
    [Key(21)] public Color Color { get; set; }
    [Key(22)] public Big Big { get; set; }
    [Key(23)] public Guid Guid { get; set; }
    [Key(24)] public DateTime DateTime { get; set; }
    [Key(25)] public DateTimeOffset DateTimeOffset { get; set; }
    [Key(26)] public TimeSpan TimeSpan { get; set; }
    [Key(27)] public int? NullableInt { get; set; }
    [Key(28)] public Guid? NullableGuid { get; set; }
    [Key(29)] public Color? NullableColor { get; set; }
    [Key(30)] public DateTimeOffset? NullableDateTimeOffset { get; set; }
    [Key(31)] public int[] Ints { get; set; } = [];
    [Key(32)] public string?[]? Strings { get; set; }
    [Key(33)] public List<long> Longs { get; set; } = [];
    [Key(34)] public List<PointMirror> Points { get; set; } = [];
    [Key(35)] public double[]? Doubles { get; set; }
    [Key(36)] public Dictionary<string, int> Counts { get; set; } = [];
    [Key(37)] public Dictionary<Guid, PointMirror?>? Lookup { get; set; }
    [Key(38)] public PointMirror Origin { get; set; } = new();
    [Key(39)] public Span2Mirror Span { get; set; } = new();
    [Key(40)] public Span2Mirror? MaybeSpan { get; set; }
    [Key(41)] public PingMirror Nested { get; set; } = new();
    [Key(42)] public int[][] Jagged { get; set; } = [];
}
