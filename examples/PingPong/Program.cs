// Typed ping/pong over loopback: a server answers Ping with Pong through a generated handler dispatch; a client sends
// a bounded number of pings and reads the pongs as a typed stream, printing each round-trip time. Exits by itself.
using System.Diagnostics;
using PingPong;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

var count = args.Length > 0 && int.TryParse(args[0], out var requested) && requested > 0 ? Math.Min(requested, 1000) : 10;
var perPingTimeout = TimeSpan.FromSeconds(1);

await using var server = Dgram.CreateSocket("udp4");
server.Error += error => Console.Error.WriteLine($"server error: {error.Message}");
using var attachment = server.Attach(new PongServer(server));
await server.BindAsync(0, "127.0.0.1");
var port = server.Address().Port;
Console.WriteLine($"pong server on 127.0.0.1:{port}");

await using var client = Dgram.CreateSocket("udp4");
client.Error += error => Console.Error.WriteLine($"client error: {error.Message}");
await client.BindAsync(0, "127.0.0.1");

using var stop = new CancellationTokenSource();
await using var pongs = client.ReceiveAsync<Pong>(stop.Token).GetAsyncEnumerator(stop.Token);
var roundTrips = new List<TimeSpan>();
for (var seq = 1; seq <= count; seq++)
{
    // Wait for the pong before sending the ping: the stream starts listening on its first MoveNextAsync, and a pong
    // that arrived before it would not be seen.
    var next = pongs.MoveNextAsync().AsTask();
    await client.SendAsync(new Ping(seq, Stopwatch.GetTimestamp()), port, "127.0.0.1");
    if (await Task.WhenAny(next, Task.Delay(perPingTimeout)) != next || !await next)
    {
        Console.WriteLine($"ping {seq}: no pong within {perPingTimeout.TotalSeconds:0} s");

        // An enumerator cannot be disposed while a MoveNextAsync is pending: end that wait first.
        stop.Cancel();
        try
        {
            await next;
        }
        catch (OperationCanceledException)
        {
        }

        break;
    }

    var (pong, from) = pongs.Current;
    var rtt = Stopwatch.GetElapsedTime(pong.SentAt);
    roundTrips.Add(rtt);
    Console.WriteLine($"pong {pong.Seq} from {pong.Server} at {from.Address}:{from.Port}: {rtt.TotalMicroseconds:0} µs");
}

stop.Cancel();
if (roundTrips.Count > 0)
{
    Console.WriteLine(
        $"{roundTrips.Count}/{count} pongs; round trip min {roundTrips.Min().TotalMicroseconds:0} µs, " +
        $"avg {roundTrips.Average(r => r.TotalMicroseconds):0} µs, max {roundTrips.Max().TotalMicroseconds:0} µs");
}

return roundTrips.Count == count ? 0 : 1;
