using TypedDgram.Contracts;

namespace TypedDgram.Benchmarks.PubSub;

// The bus side of the Cyclone DDS comparison (issue 14). ddsperf's KS topic is a sequence number, a key and a sequence
// of octets ("KeyedSeq"); these are the same three members as TypedDgram contracts, so both sides carry the same
// payload. ddsperf's `size S` counts its 12-byte fixed part (seq, key, sequence length), so `size 44` is a 32-byte
// baggage: the comparison passes ddsperf the baggage size plus 12.

/// <summary>A throughput sample and a ping: ddsperf's <c>KeyedSeq</c> (topic <c>KS</c>).</summary>
[Datagram(Id = 0xDD5_0001)]
public sealed partial record KeyedSample(uint Seq, uint Key, byte[] Baggage);

/// <summary>
/// A pong: the ping sent back, a contract of its own as ddsperf's pong is a topic of its own, so that the pinging
/// bus (which also receives its own pings on the loopback interface) subscribes to pongs only.
/// </summary>
[Datagram(Id = 0xDD5_0002)]
public sealed partial record KeyedEcho(uint Seq, uint Key, byte[] Baggage);
