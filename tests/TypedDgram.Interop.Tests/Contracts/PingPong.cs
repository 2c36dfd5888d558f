using TypedDgram.Contracts;

namespace TypedDgram.Interop.Tests.Contracts;

// Mirrored in tests/interop/node/contracts.js. Both use hashed ids, which the Node peer computes from these full names.

/// <summary>Sent to the Node peer, which answers with a <see cref="Pong"/>.</summary>
[Datagram]
public partial record Ping(int Seq, DateTimeOffset SentAt, string Text);

/// <summary>The Node peer's answer: the ping's Seq and SentAt, its Text as Echo, and which runtime answered.</summary>
[Datagram]
public partial record Pong(int Seq, DateTimeOffset SentAt, string Echo, string Runtime);
