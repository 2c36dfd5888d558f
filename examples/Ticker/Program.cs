// The pub/sub demo: typed price ticks over IP multicast with no broker. With no options it runs a publisher and two
// subscribers in this process on 127.0.0.1 (nothing leaves the machine), prints the ticks as they arrive and each
// subscriber's delivery counters, and stops by itself. --publish and --subscribe split it across processes or hosts.
// Where multicast does not work, it says why and what to check instead of waiting.
using Ticker;

var options = TickerOptions.Parse(args, out var usageError);
if (options is null)
{
    Console.Error.WriteLine(usageError is "" ? TickerOptions.Usage : $"{usageError}\n\n{TickerOptions.Usage}");
    return usageError is "" ? 0 : 2;
}

using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var mode = options.IsDemo ? "publisher and two subscribers" : options.Publish ? "publisher" : "subscriber";
Console.WriteLine($"Ticker: {mode} on {options.Group}:{options.Port}, interface {options.Interface}, TTL {options.Ttl}, {options.Seconds:0.#} s");

try
{
    return options.IsDemo ? await Modes.DemoAsync(options, stop.Token)
        : options.Publish ? await Modes.PublishAsync(options, stop.Token)
        : await Modes.SubscribeAsync(options, stop.Token);
}
catch (TickerFailure failure)
{
    Console.Error.WriteLine(failure.Message);
    return 1;
}
