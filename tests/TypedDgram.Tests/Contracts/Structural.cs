using System.Collections;
using System.Reflection;

namespace TypedDgram.Tests.Contracts;

/// <summary>
/// Compares values member by member and collections element by element, so a record and its copy (or a
/// MessagePack-CSharp mirror of it) compare equal where record equality would compare arrays by reference.
/// </summary>
internal static class Structural
{
    public static void AssertEqual(object? expected, object? actual, string path = "value")
    {
        expected = Normalize(expected);
        actual = Normalize(actual);
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {Show(expected)}, got {Show(actual)}");
            return;
        }

        if (IsLeaf(expected))
        {
            Assert.True(expected.Equals(actual), $"{path}: expected {Show(expected)}, got {Show(actual)}");
            return;
        }

        if (expected is IDictionary expectedMap)
        {
            var actualMap = Assert.IsAssignableFrom<IDictionary>(actual);
            Assert.True(expectedMap.Count == actualMap.Count, $"{path}: expected {expectedMap.Count} entries, got {actualMap.Count}");
            foreach (DictionaryEntry entry in expectedMap)
            {
                Assert.True(actualMap.Contains(entry.Key), $"{path}: missing key {entry.Key}");
                AssertEqual(entry.Value, actualMap[entry.Key], $"{path}[{entry.Key}]");
            }

            return;
        }

        if (expected is IEnumerable expectedItems)
        {
            var left = expectedItems.Cast<object?>().ToList();
            var right = Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object?>().ToList();
            Assert.True(left.Count == right.Count, $"{path}: expected {left.Count} elements, got {right.Count}");
            for (var i = 0; i < left.Count; i++)
            {
                AssertEqual(left[i], right[i], $"{path}[{i}]");
            }

            return;
        }

        foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var counterpart = actual.GetType().GetProperty(property.Name);
            Assert.True(counterpart is not null, $"{path}.{property.Name}: no such member on {actual.GetType().Name}");
            AssertEqual(property.GetValue(expected), counterpart!.GetValue(actual), $"{path}.{property.Name}");
        }
    }

    // One representation per value, whatever type holds it on either side.
    private static object? Normalize(object? value) => value switch
    {
        nint n => (long)n,
        nuint n => (ulong)n,
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        System.Collections.Immutable.ImmutableArray<double> { IsDefault: true } => null,
        _ => value,
    };

    private static bool IsLeaf(object value)
        => value is string || value.GetType().IsPrimitive || value.GetType().IsEnum
            || value is decimal or Guid or DateTime or DateTimeOffset or TimeSpan;

    private static string Show(object? value) => value switch
    {
        null => "null",
        DateTime d => d.ToString("O") + " " + d.Kind,
        _ => value.ToString() ?? "?",
    };
}
