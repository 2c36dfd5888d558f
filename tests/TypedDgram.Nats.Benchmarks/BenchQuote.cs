using TypedDgram.Contracts;

namespace TypedDgram.Nats.Benchmarks;

/// <summary>[0x4E42_0001, symbol, price in cents, Stopwatch timestamp when published]: about 40 bytes with its header.</summary>
[Datagram(Id = 0x4E42_0001)]
public partial record BenchQuote(string Symbol, long Cents, long Stamp);
