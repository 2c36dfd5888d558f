using System.Globalization;
using TypedDgram.Interop.Tests.Contracts;
using TypedDgram.Tests.Contracts;

namespace TypedDgram.Interop.Tests;

/// <summary>
/// Compares two <see cref="Everything"/> values member by member (<see cref="Structural"/>), and also what .NET's
/// equality ignores but the wire carries: a DateTimeOffset's offset, and a decimal's scale (<c>1.50</c> is not <c>1.5</c>).
/// </summary>
internal static class SameEverything
{
    public static void AssertEqual(Everything expected, Everything actual)
    {
        Structural.AssertEqual(expected, actual, "Everything");

        Assert.Equal(Text(expected.Decimal), Text(actual.Decimal));
        Assert.Equal(Text(expected.NullableDecimal), Text(actual.NullableDecimal));
        AssertExact(expected.DateTimeOffset, actual.DateTimeOffset, nameof(Everything.DateTimeOffset));
        AssertExact(expected.NullableDateTimeOffset, actual.NullableDateTimeOffset, nameof(Everything.NullableDateTimeOffset));
        AssertExact(expected.Nested.SentAt, actual.Nested.SentAt, "Nested.SentAt");
    }

    private static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static void AssertExact(DateTimeOffset? expected, DateTimeOffset? actual, string member)
        => Assert.True(
            expected.HasValue == actual.HasValue && (expected is null || expected.Value.EqualsExact(actual!.Value)),
            $"{member}: expected {expected:O}, got {actual:O}");
}
