using Xunit.Sdk;

namespace TypedDgram.Tests.Contracts;

/// <summary>The comparer the round-trip properties rely on must see differences, or those properties prove nothing.</summary>
public class StructuralTests
{
    [Fact]
    public void Detects_a_changed_array_element()
        => Assert.ThrowsAny<XunitException>(() => Structural.AssertEqual(new Bag([Guid.Empty]), new Bag([Guid.NewGuid()])));

    [Fact]
    public void Detects_a_changed_nested_member()
        => Assert.ThrowsAny<XunitException>(() => Structural.AssertEqual(new Span2(new Point(1, 2), null), new Span2(new Point(1, 3), null)));

    [Fact]
    public void Detects_null_against_a_value()
        => Assert.ThrowsAny<XunitException>(() => Structural.AssertEqual(new Pong(1, "x"), new Pong(1)));

    [Fact]
    public void Accepts_equal_copies_with_different_array_instances()
        => Structural.AssertEqual(new Bag([Guid.Empty]), new Bag([Guid.Empty]));
}
