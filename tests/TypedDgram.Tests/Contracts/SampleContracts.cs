using System.Collections.Immutable;
using TypedDgram.Contracts;

namespace TypedDgram.Tests.Contracts;

public enum Color : byte { Red, Green, Blue = 200 }

public enum Big : long { Small = -5, Huge = long.MaxValue }

[Datagram(Id = 1)]
public partial record Ping(int Seq, DateTimeOffset SentAt);

[Datagram(Id = 2)]
public partial record Pong(int Seq, string? Note = null);

[Datagram]
public partial record Hashed(int Value);

[DatagramPart]
public partial record Point(int X, int Y);

[DatagramPart]
public partial record struct Span2(Point From, Point? To);

/// <summary>Every supported member type, once non-nullable and once nullable where that differs.</summary>
[Datagram(Id = 10)]
public partial record Everything(
    bool Bool, byte Byte, sbyte SByte, short Short, ushort UShort, int Int, uint UInt, long Long, ulong ULong,
    nint NInt, nuint NUInt, char Char, float Float, double Double, decimal Decimal,
    string String, string? NullableString, byte[] Bytes, byte[]? NullableBytes, ReadOnlyMemory<byte> Memory,
    Color Color, Big Big, Guid Guid, DateTime DateTime, DateTimeOffset DateTimeOffset, TimeSpan TimeSpan,
    int? NullableInt, Guid? NullableGuid, Color? NullableColor, DateTimeOffset? NullableDateTimeOffset,
    int[] Ints, string?[]? Strings, List<long> Longs, IReadOnlyList<Point> Points, ImmutableArray<double> Doubles,
    Dictionary<string, int> Counts, IReadOnlyDictionary<Guid, Point?>? Lookup, Point Origin, Span2 Span, Span2? MaybeSpan,
    Ping Nested, int[][] Jagged);

/// <summary>A nominal record: members are its public init properties.</summary>
[Datagram(Id = 11)]
public partial record Settings
{
    public int Volume { get; init; }
    public string Name { get; init; } = "";
}

public partial class Outer
{
    [Datagram(Id = 12)]
    public partial record Inner(int A);
}

[Datagram(Id = 13)]
public partial record Bag(Guid[] Items);
