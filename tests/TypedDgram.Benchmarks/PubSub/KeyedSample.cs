using TypedDgram.Contracts;

namespace TypedDgram.Benchmarks.PubSub;

/// <summary>
/// Cyclone DDS ddsperf's <c>KS</c> topic as a contract: a sequence number, a key and an octet sequence
/// (<c>ddsperf pub size 32</c> sends 32 bytes of it). Ping-pong uses it too: key 1 is a ping, key 2 its pong.
/// </summary>
[Datagram(Id = 140)]
public partial record KeyedSample(uint Seq, uint Key, byte[] Baggage);
