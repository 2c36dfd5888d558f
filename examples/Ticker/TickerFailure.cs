namespace Ticker;

/// <summary>Multicast did not work: the message says why and what to check; the demo prints it and exits with 1.</summary>
internal sealed class TickerFailure(string message) : Exception(message);
