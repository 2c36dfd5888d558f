using System.Collections.Immutable;
using System.Text;
using CsCheck;

namespace TypedDgram.Tests.Contracts;

/// <summary>CsCheck generators for every supported member type, edge values included.</summary>
internal static class Generators
{
    // Valid Unicode text, astral planes included (a lone surrogate cannot be UTF-8 and is not a string a peer can send).
    public static readonly Gen<string> Text = Gen.Int[0, 0x10FFFF]
        .Where(c => c is < 0xD800 or > 0xDFFF)
        .Select(c => new Rune(c).ToString())
        .Array[0, 12]
        .Select(parts => string.Concat(parts));

    public static readonly Gen<byte[]> Bytes = Gen.Byte.Array[0, 40];

    // Any kind is written as the same instant; a Local one would be converted, so the generator keeps UTC.
    public static readonly Gen<DateTime> UtcDateTime = Gen.DateTime.Select(d => DateTime.SpecifyKind(d, DateTimeKind.Utc));

    public static readonly Gen<Point> Point = Gen.Select(Gen.Int, Gen.Int, (x, y) => new Point(x, y));

    public static readonly Gen<Span2> Span = Gen.Select(Point, Point.Null(0.3), (from, to) => new Span2(from, to));

    public static readonly Gen<Ping> Ping = Gen.Select(Gen.Int, Gen.DateTimeOffset, (seq, at) => new Ping(seq, at));

    public static readonly Gen<Everything> Everything =
        Gen.Select(
            Gen.Select(Gen.Bool, Gen.Byte, Gen.SByte, Gen.Short, Gen.UShort, Gen.Int, Gen.UInt, Gen.Long),
            Gen.Select(Gen.ULong, Gen.Long.Select(l => (nint)l), Gen.ULong.Select(l => (nuint)l), Gen.Char, Gen.Float, Gen.Double, Gen.Decimal),
            Gen.Select(Text, Text.Null(0.3), Bytes, Bytes.Null(0.3), Bytes.Select(b => (ReadOnlyMemory<byte>)b), Gen.Byte.Select(b => (Color)b), Gen.Long.Select(l => (Big)l)),
            Gen.Select(Gen.Guid, UtcDateTime, Gen.DateTimeOffset, Gen.TimeSpan, Gen.Int.Nullable(0.3), Gen.Guid.Nullable(0.3), Gen.Enum<Color>().Nullable(0.3), Gen.DateTimeOffset.Nullable(0.3)),
            Gen.Select(
                Gen.Int.Array[0, 8],
                Text.Null(0.2).Array[0, 5].Null(0.3),
                Gen.Long.List[0, 8],
                Point.Array[0, 4],
                Gen.Double.Array[0, 6].Null(0.2).Select(a => a is null ? default : ImmutableArray.Create(a))),
            Gen.Select(
                Gen.Select(Text, Gen.Int).Array[0, 6].Select(ToDictionary),
                Gen.Select(Gen.Guid, Point.Null(0.3)).Array[0, 4].Select(ToDictionary).Null(0.3),
                Point,
                Span,
                Span.Nullable(0.3),
                Ping,
                Gen.Int.Array[0, 4].Array[0, 4]),
            (a, b, c, d, e, f) => new Everything(
                a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, a.Item6, a.Item7, a.Item8,
                b.Item1, b.Item2, b.Item3, b.Item4, b.Item5, b.Item6, b.Item7,
                c.Item1, c.Item2, c.Item3, c.Item4, c.Item5, c.Item6, c.Item7,
                d.Item1, d.Item2, d.Item3, d.Item4, d.Item5, d.Item6, d.Item7, d.Item8,
                e.Item1, e.Item2, e.Item3, e.Item4, e.Item5,
                f.Item1, f.Item2 is null ? null : f.Item2, f.Item3, f.Item4, f.Item5, f.Item6, f.Item7));

    private static Dictionary<TKey, TValue> ToDictionary<TKey, TValue>((TKey Key, TValue Value)[] pairs)
        where TKey : notnull
    {
        var map = new Dictionary<TKey, TValue>();
        foreach (var (key, value) in pairs)
        {
            map[key] = value;
        }

        return map;
    }
}
