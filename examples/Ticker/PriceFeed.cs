namespace Ticker;

/// <summary>A made-up market: a few symbols whose prices walk at random, one tick at a time.</summary>
internal sealed class PriceFeed
{
    private readonly string[] _symbols = ["ACME", "GLOBEX", "INITECH"];
    private readonly decimal[] _prices = [101.25m, 42.00m, 7.50m];
    private readonly Random _random = new();
    private int _next;

    public PriceTick Next()
    {
        var i = _next++ % _symbols.Length;
        _prices[i] = Math.Max(0.01m, _prices[i] + (_random.Next(-10, 11) / 100m));
        return new PriceTick(_symbols[i], _prices[i]);
    }
}
