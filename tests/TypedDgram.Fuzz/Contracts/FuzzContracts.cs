using System.Collections.Immutable;
using TypedDgram.Contracts;

namespace TypedDgram.Fuzz.Contracts;

public enum Shade : byte { Red, Green, Blue = 200 }

[DatagramPart]
public partial record Point(int X, int Y);

[DatagramPart]
public partial record struct Segment(Point From, Point? To);

[Datagram(Id = 1)]
public partial record Ping(int Seq, DateTimeOffset SentAt);

[Datagram(Id = 2)]
public partial record Pong(int Seq, string? Note = null);

/// <summary>Every supported member type, so that every generated reader path is reachable from one datagram.</summary>
[Datagram(Id = 10)]
public partial record Everything(
    bool Bool, byte Byte, sbyte SByte, short Short, ushort UShort, int Int, uint UInt, long Long, ulong ULong,
    nint NInt, nuint NUInt, char Char, float Float, double Double, decimal Decimal,
    string String, string? NullableString, byte[] Bytes, byte[]? NullableBytes, ReadOnlyMemory<byte> Memory,
    Shade Shade, Guid Guid, DateTime DateTime, DateTimeOffset DateTimeOffset, TimeSpan TimeSpan,
    int? NullableInt, Guid? NullableGuid, Shade? NullableShade, DateTimeOffset? NullableDateTimeOffset,
    int[] Ints, string?[]? Strings, List<long> Longs, IReadOnlyList<Point> Points, ImmutableArray<double> Doubles,
    Dictionary<string, int> Counts, IReadOnlyDictionary<Guid, Point?>? Lookup, Point Origin, Segment Segment, Segment? MaybeSegment,
    Ping Nested, int[][] Jagged);

/// <summary>A nominal record whose trailing members have defaults (versioning: older and newer writers).</summary>
[Datagram(Id = 11)]
public partial record Settings
{
    public int Volume { get; init; }

    public string Name { get; init; } = "";

    public Dictionary<int, string[]> Tags { get; init; } = [];
}

/// <summary>A contract read by its hashed id.</summary>
[Datagram]
public partial record Hashed(long Value, Segment[] Path);

/// <summary>An authenticated contract: read only after its HMAC trailer verified under the socket's key.</summary>
[Datagram(Id = 20, Authenticated = true)]
public partial record Secret(int Seq, string Action, byte[] Payload, Point? Where = null);
