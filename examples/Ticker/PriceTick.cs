using TypedDgram.Contracts;

namespace Ticker;

/// <summary>One price of one symbol: what the demo publishes and subscribes to.</summary>
[Datagram(Id = 1)]
public partial record PriceTick(string Symbol, decimal Price);
