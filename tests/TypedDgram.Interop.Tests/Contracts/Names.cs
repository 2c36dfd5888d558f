using TypedDgram.Contracts;

namespace TypedDgram.Interop.Tests.Contracts;

/// <summary>A contract whose hashed id comes from a nested, non-ASCII full name: <c>...Contracts.Names+Grüße</c>.</summary>
public static partial class Names
{
    [Datagram]
    public partial record Grüße(string Text);
}
