using System.Collections.Immutable;
using TypedDgram.Contracts;

namespace TypedDgram.Interop.Tests.Contracts;

// Mirrored in tests/interop/node/contracts.js: same id, same members in the same order.

public enum Color : byte { Red, Green, Blue = 200 }

public enum Big : long { Small = -5, Huge = long.MaxValue }

[DatagramPart]
public partial record Point(int X, int Y);

[DatagramPart]
public partial record struct Segment(Point From, Point? To);

/// <summary>Every supported member type: scalars, their nullable forms, text, binary, time, collections, maps and parts.</summary>
[Datagram(Id = 10)]
public partial record Everything(
    bool Bool, byte Byte, sbyte SByte, short Short, ushort UShort, int Int, uint UInt, long Long, ulong ULong,
    nint NInt, nuint NUInt, char Char, float Float, double Double, decimal Decimal,
    string String, string? NullableString, byte[] Bytes, byte[]? NullableBytes, ReadOnlyMemory<byte> Memory,
    Color Color, Big Big, Guid Guid, DateTime DateTime, DateTimeOffset DateTimeOffset, TimeSpan TimeSpan,
    int? NullableInt, decimal? NullableDecimal, Guid? NullableGuid, Color? NullableColor, DateTime? NullableDateTime,
    DateTimeOffset? NullableDateTimeOffset, TimeSpan? NullableTimeSpan,
    int[] Ints, string?[]? Strings, List<long> Longs, IReadOnlyList<Point> Points, ImmutableArray<double> Doubles,
    Dictionary<string, int> Counts, IReadOnlyDictionary<Guid, Point?>? Lookup, Dictionary<string, List<string>> Tags,
    Point Origin, Segment Segment, Segment? MaybeSegment, Ping Nested, int[][] Jagged);
