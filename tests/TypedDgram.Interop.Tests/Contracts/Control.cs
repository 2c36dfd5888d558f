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

    /// <summary>"Join <paramref name="Group"/> on 127.0.0.1 at <paramref name="Port"/> and report the next <paramref name="Count"/> publications."</summary>
    [Datagram]
    public partial record Subscribe(string Group, int Port, int Count);

    /// <summary>The peer has joined the group and listens.</summary>
    [Datagram]
    public partial record Subscribed(string Group, int Port);

    /// <summary>
    /// A publication the peer read: its header's publisher id (16 hex digits) and sequence, its contract's type id, and
    /// for an <see cref="Everything"/> the first difference from the "typical" fixture (null when equal).
    /// </summary>
    [Datagram]
    public partial record Heard(string PublisherId, ulong Sequence, uint TypeId, string? Mismatch);
}
