using TypedDgram.Contracts;

namespace PingPong;

/// <summary>Sent by the client; <paramref name="SentAt"/> is its Stopwatch timestamp, echoed back to time the round trip.</summary>
[Datagram(Id = 1)]
public partial record Ping(int Seq, long SentAt);

/// <summary>The server's answer to one ping.</summary>
[Datagram(Id = 2)]
public partial record Pong(int Seq, long SentAt, string Server);
