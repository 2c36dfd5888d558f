using TypedDgram.Contracts;

namespace TypedDgram.Hosting.Tests;

[Datagram(Id = 1)]
public partial record Ping(int Seq);

[Datagram(Id = 2)]
public partial record Pong(int Seq, string By);

[Datagram(Id = 3)]
public partial record Unknown(int Value);
