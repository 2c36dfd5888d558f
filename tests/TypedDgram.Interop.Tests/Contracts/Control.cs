using TypedDgram.Contracts;

namespace TypedDgram.Interop.Tests.Contracts;

/// <summary>How the tests drive the Node peer (tests/interop/node/peer.js); nested, so their hashed ids use <c>+</c>.</summary>
public static partial class Control
{
    /// <summary>"Is <paramref name="Value"/> your copy of the fixture named <paramref name="Fixture"/>?"</summary>
    [Datagram]
    public partial record Check(string Fixture, Everything Value);

    /// <summary>The answer to a <see cref="Check"/>: <paramref name="Mismatch"/> names the first difference, or is null.</summary>
    [Datagram]
    public partial record Verdict(string Fixture, string? Mismatch);

    /// <summary>"Send me <paramref name="What"/>": a fixture name or one of the requests peer.js lists.</summary>
    [Datagram]
    public partial record Request(string What);

    /// <summary>The peer could not read or answer a datagram.</summary>
    [Datagram]
    public partial record Failure(string Reason);

    /// <summary>The hashed ids the peer computed, by CLR full name.</summary>
    [Datagram]
    public partial record TypeIds(Dictionary<string, uint> Ids);
}
