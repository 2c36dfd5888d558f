using TypedDgram.Contracts;

namespace TypedDgramPubSub;

/// <summary>A price published on the bus.</summary>
[Datagram(Id = 1)]
public partial record PriceTick(string Symbol, decimal Price);
