using System.Collections.Immutable;
using System.Globalization;

namespace TypedDgram.Interop.Tests.Contracts;

/// <summary>
/// The <see cref="Everything"/> values both sides know by name. tests/interop/node/fixtures.js writes the same values
/// independently, from the C# declarations and docs/wire-format.md, so that each side can check what the other read.
/// </summary>
internal static class EverythingFixtures
{
    private static readonly Guid MaxGuid = Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff");

    public static readonly Everything Typical = new(
        Bool: true, Byte: 7, SByte: -7, Short: -300, UShort: 300, Int: -70_000, UInt: 70_000, Long: -5_000_000_000, ULong: 5_000_000_000,
        NInt: unchecked((nint)(-9_007_199_254_740_993)), NUInt: unchecked((nuint)9_007_199_254_740_993), Char: 'A', Float: 1.5f, Double: 0.1, Decimal: -1.50m,
        String: "hello", NullableString: "world", Bytes: [1, 2, 3], NullableBytes: [0xFF], Memory: new byte[] { 9, 8 },
        Color: Color.Blue, Big: Big.Small, Guid: Guid.Parse("0123abcd-4567-89ef-0123-456789abcdef"),
        DateTime: Utc("2026-01-02T03:04:05.1234567Z"), DateTimeOffset: Offset("2026-01-02T03:04:05.1234567+05:30"),
        TimeSpan: TimeSpan.FromSeconds(10),
        NullableInt: 42, NullableDecimal: 0.001m, NullableGuid: Guid.Parse("fedcba98-7654-3210-fedc-ba9876543210"),
        NullableColor: Color.Green, NullableDateTime: DateTime.UnixEpoch, NullableDateTimeOffset: Offset("1970-01-01T00:00:00-03:00"),
        NullableTimeSpan: TimeSpan.FromTicks(-1),
        Ints: [1, -1, 300], Strings: ["a", null, ""], Longs: [1, -2, 3], Points: [new(1, 2), new(-3, 4)], Doubles: [0.5, -2.25],
        Counts: new() { ["one"] = 1, ["two"] = 2 },
        Lookup: new Dictionary<Guid, Point?>
        {
            [Guid.Parse("11111111-2222-3333-4444-555555555555")] = new Point(5, 6),
            [Guid.Parse("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")] = null,
        },
        Tags: new() { ["x"] = ["1", "2"], ["none"] = [] },
        Origin: new(0, 0), Segment: new(new(1, 2), null), MaybeSegment: new Segment(new(3, 4), new(5, 6)),
        Nested: new Ping(9, Offset("2026-06-30T12:00:00-07:00"), "nested"), Jagged: [[1, 2], [], [3]]);

    public static readonly Everything Maximum = new(
        Bool: true, Byte: byte.MaxValue, SByte: sbyte.MaxValue, Short: short.MaxValue, UShort: ushort.MaxValue, Int: int.MaxValue,
        UInt: uint.MaxValue, Long: long.MaxValue, ULong: ulong.MaxValue, NInt: nint.MaxValue, NUInt: nuint.MaxValue, Char: char.MaxValue,
        Float: float.MaxValue, Double: double.MaxValue, Decimal: decimal.MaxValue,
        String: new string('x', 300), NullableString: new string('y', 40), Bytes: Sequence(300), NullableBytes: Sequence(256), Memory: Sequence(1000),
        Color: (Color)byte.MaxValue, Big: Big.Huge, Guid: MaxGuid,
        DateTime: DateTime.MaxValue, DateTimeOffset: Offset("9999-12-31T23:59:59.9999999+14:00"), TimeSpan: TimeSpan.MaxValue,
        NullableInt: int.MaxValue, NullableDecimal: decimal.MaxValue, NullableGuid: MaxGuid, NullableColor: (Color)byte.MaxValue,
        NullableDateTime: DateTime.MaxValue, NullableDateTimeOffset: DateTimeOffset.MaxValue, NullableTimeSpan: TimeSpan.MaxValue,
        Ints: [.. Enumerable.Range(0, 20).Select(i => int.MaxValue - i)], Strings: [.. Enumerable.Range(0, 16).Select(i => i.ToString(CultureInfo.InvariantCulture))],
        Longs: [long.MaxValue, long.MaxValue - 1], Points: [new(int.MaxValue, int.MaxValue)], Doubles: [double.MaxValue, double.Epsilon],
        Counts: Enumerable.Range(0, 16).ToDictionary(i => "k" + i.ToString(CultureInfo.InvariantCulture), i => int.MaxValue - i),
        Lookup: new Dictionary<Guid, Point?> { [MaxGuid] = new Point(int.MaxValue, int.MaxValue) },
        Tags: new() { ["many"] = [.. Enumerable.Range(0, 16).Select(i => "t" + i.ToString(CultureInfo.InvariantCulture))] },
        Origin: new(int.MaxValue, int.MaxValue), Segment: new(new(int.MaxValue, int.MaxValue), new(int.MaxValue, int.MaxValue)),
        MaybeSegment: new Segment(new(int.MaxValue, int.MaxValue), new(int.MaxValue, int.MaxValue)),
        Nested: new Ping(int.MaxValue, DateTimeOffset.MaxValue, new string('z', 100)), Jagged: [[int.MaxValue]]);

    public static readonly Everything Minimum = new(
        Bool: false, Byte: 0, SByte: sbyte.MinValue, Short: short.MinValue, UShort: 0, Int: int.MinValue, UInt: 0, Long: long.MinValue, ULong: 0,
        NInt: nint.MinValue, NUInt: 0, Char: char.MinValue, Float: float.MinValue, Double: double.MinValue, Decimal: decimal.MinValue,
        String: "-", NullableString: "-", Bytes: [0], NullableBytes: [0], Memory: new byte[] { 0 },
        Color: Color.Red, Big: (Big)long.MinValue, Guid: Guid.Empty,
        DateTime: DateTime.MinValue, DateTimeOffset: Offset("0001-01-01T00:00:00-14:00"), TimeSpan: TimeSpan.MinValue,
        NullableInt: int.MinValue, NullableDecimal: decimal.MinValue, NullableGuid: Guid.Empty, NullableColor: Color.Red,
        NullableDateTime: DateTime.MinValue, NullableDateTimeOffset: DateTimeOffset.MinValue, NullableTimeSpan: TimeSpan.MinValue,
        Ints: [int.MinValue], Strings: [""], Longs: [long.MinValue], Points: [new(int.MinValue, int.MinValue)], Doubles: [double.MinValue, -double.Epsilon],
        Counts: new() { [""] = int.MinValue }, Lookup: new Dictionary<Guid, Point?> { [Guid.Empty] = null }, Tags: new() { [""] = [""] },
        Origin: new(int.MinValue, int.MinValue), Segment: new(new(int.MinValue, int.MinValue), null),
        MaybeSegment: new Segment(new(int.MinValue, int.MinValue), new(int.MinValue, int.MinValue)),
        Nested: new Ping(int.MinValue, DateTimeOffset.MinValue, ""), Jagged: [[int.MinValue], []]);

    /// <summary>Every nullable member null; the ImmutableArray is default, which the wire carries as nil.</summary>
    public static readonly Everything Nulls = Typical with
    {
        NullableString = null, NullableBytes = null, NullableInt = null, NullableDecimal = null, NullableGuid = null, NullableColor = null,
        NullableDateTime = null, NullableDateTimeOffset = null, NullableTimeSpan = null, Strings = null, Doubles = default, Lookup = null,
        MaybeSegment = null,
    };

    /// <summary>Every collection, string and binary empty (the nullable ones too, but not null); every value its default.</summary>
    public static readonly Everything Empty = Nulls with
    {
        Bool = false, Byte = 0, SByte = 0, Short = 0, UShort = 0, Int = 0, UInt = 0, Long = 0, ULong = 0, NInt = 0, NUInt = 0, Char = '\0',
        Float = 0, Double = 0, Decimal = 0m, String = "", NullableString = "", Bytes = [], NullableBytes = [], Memory = ReadOnlyMemory<byte>.Empty,
        Color = Color.Red, Big = 0, Guid = Guid.Empty, DateTime = default, DateTimeOffset = default, TimeSpan = TimeSpan.Zero,
        Ints = [], Strings = [], Longs = [], Points = [], Doubles = ImmutableArray<double>.Empty, Counts = [], Lookup = new Dictionary<Guid, Point?>(),
        Tags = [], Jagged = [],
    };

    public static readonly Everything NonAscii = Typical with
    {
        Char = 'é',
        String = "héllo wörld — 日本語 🎉",
        NullableString = "Ünïcödé\0after a NUL",
        Strings = ["Привет", "مرحبا", "👍🏽", null],
        Counts = new() { ["ключ"] = 1, ["🔑"] = 2 },
        Tags = new() { ["日本"] = ["東京", "大阪"] },
        Nested = new Ping(1, Offset("2026-01-02T03:04:05+09:00"), "ping ✓"),
    };

    /// <summary>NaN and infinities, the smallest decimal, integers beyond 2^53 (JavaScript's exact range), whole doubles.</summary>
    public static readonly Everything SpecialNumbers = Typical with
    {
        Float = float.NaN,
        Double = double.NegativeInfinity,
        Decimal = 0.0000000000000000000000000001m,
        NullableDecimal = 123456789.987654321m,
        Longs = [9_007_199_254_740_993, -9_007_199_254_740_993],
        Doubles = [double.PositiveInfinity, double.NaN, double.Epsilon, 2, 9_007_199_254_740_992, 1e300],
    };

    public static readonly IReadOnlyDictionary<string, Everything> ByName = new Dictionary<string, Everything>
    {
        ["typical"] = Typical,
        ["maximum"] = Maximum,
        ["minimum"] = Minimum,
        ["nulls"] = Nulls,
        ["empty"] = Empty,
        ["non-ascii"] = NonAscii,
        ["special-numbers"] = SpecialNumbers,
    };

    public static TheoryData<string> Names => [.. ByName.Keys];

    private static DateTime Utc(string text) => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static DateTimeOffset Offset(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static byte[] Sequence(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)i)];
}
