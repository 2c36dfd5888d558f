// Typed request/response over UDP on loopback: RequestAsync sends a request with a correlation id, waits for the
// response its handler returns, and sends it again (same id) when none comes in time; the server answers a repeated
// request from its response cache instead of running the handler twice.
using RequestResponse;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

await using var server = Dgram.CreateSocket("udp4");
var adder = new AdderServer();
using var serving = server.Attach(adder);
await server.BindAsync(0, "127.0.0.1");

await using var client = Dgram.CreateSocket("udp4");
var options = new RequestOptions { Timeout = TimeSpan.FromMilliseconds(200), Retries = 2 };   // waits 200, 400, 800 ms
for (var i = 1; i <= 5; i++)
{
    var sum = await client.RequestAsync(new Add(i, i * 10), server.Address().Port, "127.0.0.1", options);
    Console.WriteLine($"{i} + {i * 10} = {sum.Value} (request {sum.Served} served)");
}

try
{
    await client.RequestAsync(new Add(0, 0), 9, "127.0.0.1", options with { Retries = 1 });   // port 9 (discard): nobody answers
}
catch (RequestTimeoutException timeout)
{
    Console.WriteLine(timeout.Message);
}
