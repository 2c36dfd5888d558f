using TypedDgram.Contracts;

namespace TypedDgramApp;

/// <summary>Asks for a <see cref="Pong"/> with the same sequence number.</summary>
[Datagram(Id = 1)]
public partial record Ping(int Seq, DateTimeOffset SentAt);

/// <summary>The answer to a <see cref="Ping"/>.</summary>
[Datagram(Id = 2)]
public partial record Pong(int Seq, DateTimeOffset PingSentAt);
