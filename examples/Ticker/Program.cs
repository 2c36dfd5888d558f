// The pub/sub demo: typed price ticks over IP multicast with no broker. With no options it runs a publisher and two
// subscribers in this process on 127.0.0.1 (nothing leaves the machine), prints the ticks as they arrive and each
// subscriber's delivery counters, and stops by itself. --publish and --subscribe split it across processes or hosts.
// --nats URL runs the same program over NATS: only the bus's options change (Modes.JoinAsync).
// Where multicast does not work, it says why and what to check instead of waiting.
using Ticker;

var options = TickerOptions.Parse(args, out var usageError);
if (options is null)
{
    Console.Error.WriteLine(usageError is "" ? TickerOptions.Usage : $"{usageError}\n\n{TickerOptions.Usage}");
    return usageError is "" ? 0 : 2;
}

// A subscriber keeps its own clock (it waits for a publisher first); the other modes run for --seconds.
using var stop = new CancellationTokenSource();
if (options.Publish)
{
    stop.CancelAfter(TimeSpan.FromSeconds(options.Seconds));
}

Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var mode = options.IsDemo ? "publisher and two subscribers" : options.Publish ? "publisher" : "subscriber";
var duration = options.Publish ? $"{options.Seconds:0.#} s" : $"{options.Seconds:0.#} s from the first tick, which it waits up to {options.Wait:0.#} s for";
Console.WriteLine($"Ticker: {mode} on {options.Where}, {duration}");

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
