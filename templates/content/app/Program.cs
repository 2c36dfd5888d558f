// A server and a client on loopback: the client sends three typed pings, the server answers each with a pong, and the
// client prints the round-trip times. Everything stays on 127.0.0.1 and the program stops by itself.
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgramApp;

await using var server = Dgram.CreateSocket("udp4");
server.Error += error => Console.Error.WriteLine($"server: {error.Message}");
await server.BindAsync(0, "127.0.0.1");
using var attachment = server.Attach(new PongServer(server));

await using var client = Dgram.CreateSocket("udp4");
client.Error += error => Console.Error.WriteLine($"client: {error.Message}");
await client.BindAsync(0, "127.0.0.1");
using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
var received = 0;
try
{
    await using var pongs = client.ReceiveAsync<Pong>(timeout.Token).GetAsyncEnumerator(timeout.Token);
    var next = pongs.MoveNextAsync(); // listening before the first ping, so no pong can come too early
    for (var seq = 1; seq <= 3; seq++)
    {
        await client.SendAsync(new Ping(seq, DateTimeOffset.UtcNow), server.Address().Port, "127.0.0.1");
        if (!await next)
        {
            break;
        }

        var (pong, from) = pongs.Current;
        Console.WriteLine($"pong {pong.Seq} from {from.Address}:{from.Port} in {(DateTimeOffset.UtcNow - pong.PingSentAt).TotalMilliseconds:0.000} ms");
        received++;
        if (seq < 3)
        {
            next = pongs.MoveNextAsync();
        }
    }
}
catch (OperationCanceledException) when (timeout.IsCancellationRequested)
{
}

Console.WriteLine($"{received} of 3 pongs");
return received == 3 ? 0 : 1;
