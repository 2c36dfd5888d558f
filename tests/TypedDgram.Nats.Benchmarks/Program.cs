using System.Diagnostics;
using System.Globalization;
using NATS.Client.Core;
using TypedDgram.Nats;
using TypedDgram.Nats.Benchmarks;

// usage: TypedDgram.Nats.Benchmarks URL MONITOR-URL [--rounds N] [--messages N] [--samples N]
// Throughput: rounds alternate the NATS bus (PublishAsync of a contract) and NATS.Client.Core publishing the same
// publication bytes (serialized once, before the clock starts), each round ending when the server has counted every
// message in (its monitoring endpoint's in_msgs): the same finish line for both, whatever each client buffers. Latency: one publication per millisecond from a bus to a bus through the server, the time
// from before PublishAsync to the subscriber's handler, in the same process (one clock).
var url = args[0];
using var monitor = new HttpClient { BaseAddress = new Uri(args[1]) };
int Option(string name, int fallback) => Array.IndexOf(args, name) is var at and >= 0 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
var rounds = Option("--rounds", 10);
var messages = Option("--messages", 200_000);
var samples = Option("--samples", 2_000);

var quote = new BenchQuote("ACME", 12_345, 0);
await using var bus = await NatsBus.ConnectAsync(new NatsBusOptions { Url = url, Bus = "bench", Echo = false });
await using var raw = new NatsConnection(NatsOpts.Default with { Url = url, Echo = false });
await raw.ConnectAsync();
var subject = bus.SubjectOf<BenchQuote>();
var bytes = await CaptureAsync(raw, bus, subject, quote);
ReadOnlyMemory<byte> payload = bytes; // the client's raw serializer for ReadOnlyMemory<byte>: the call the bus makes

var busRates = new List<double>();
var rawRates = new List<double>();
for (var round = 0; round < rounds; round++)
{
    // Alternating which goes first, so that neither always has the warmer machine.
    var order = round % 2 == 0 ? new[] { "bus", "raw" } : ["raw", "bus"];
    foreach (var side in order)
    {
        var before = await InMessagesAsync(monitor);
        var clock = Stopwatch.StartNew();
        if (side == "bus")
        {
            for (var i = 0; i < messages; i++)
            {
                await bus.PublishAsync(quote);
            }
        }
        else
        {
            for (var i = 0; i < messages; i++)
            {
                await raw.PublishAsync(subject, payload);
            }
        }

        while (await InMessagesAsync(monitor) < before + messages)
        {
            await Task.Delay(2);
        }

        var rate = messages / clock.Elapsed.TotalSeconds;
        (side == "bus" ? busRates : rawRates).Add(rate);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1} {side}: {rate:N0} msgs/s"));
    }
}

var perRound = busRates.Zip(rawRates, (b, r) => b / r).ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"throughput: bus median {Median(busRates):N0} msgs/s, NATS.Client.Core median {Median(rawRates):N0} msgs/s, ratio of medians {Median(busRates) / Median(rawRates):F3}, median per-round ratio {Median(perRound):F3} ({messages:N0} publications of {bytes.Length} bytes per round, {rounds} rounds)"));

// Latency: bus to bus through the server.
await using var subscriber = await NatsBus.ConnectAsync(new NatsBusOptions { Url = url, Bus = "latency" });
await using var publisher = await NatsBus.ConnectAsync(new NatsBusOptions { Url = url, Bus = "latency" });
var latencies = new List<double>(samples);
var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var subscription = subscriber.Subscribe<BenchQuote>((tick, _) =>
{
    latencies.Add(Stopwatch.GetElapsedTime(tick.Stamp).TotalMicroseconds);
    if (latencies.Count == samples)
    {
        done.TrySetResult();
    }
});
await Task.Delay(200);
for (var i = 0; i < samples && !done.Task.IsCompleted; i++)
{
    await publisher.PublishAsync(quote with { Stamp = Stopwatch.GetTimestamp() });
    await Task.Delay(1);
}

await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
latencies.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"latency bus->server->bus: p50 {Percentile(latencies, 0.50):F0} us, p99 {Percentile(latencies, 0.99):F0} us, max {latencies[^1]:F0} us ({samples:N0} publications, one per ms)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"subscriber: {subscriber.Stats}"));
return 0;

// The server's count of messages received from clients.
static async Task<long> InMessagesAsync(HttpClient monitor)
{
    using var varz = System.Text.Json.JsonDocument.Parse(await monitor.GetStringAsync("/varz"));
    return varz.RootElement.GetProperty("in_msgs").GetInt64();
}

static double Median(List<double> values) => Percentile([.. values.Order()], 0.5);

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

// The bytes of one of the bus's own publications, as NATS carried them: what the raw side publishes.
static async Task<byte[]> CaptureAsync(NatsConnection raw, NatsBus bus, string subject, BenchQuote quote)
{
    await using var capture = await raw.SubscribeCoreAsync<byte[]>(subject);
    await raw.PingAsync();
    await bus.PublishAsync(quote);
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
    return (await capture.Msgs.ReadAsync(timeout.Token)).Data!;
}
