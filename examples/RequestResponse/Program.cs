// Request/response with correlation ids over UDP on loopback: the client resends a request whose response does not
// arrive in time; the server loses the first copy of every third request, so some answers take two attempts.
// A request still unanswered after three attempts ends the demo with its TimeoutException.
using System.Diagnostics;
using RequestResponse;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

await using var server = Dgram.CreateSocket("udp4");
using var serving = server.Attach(new LossyServer(server));
await server.BindAsync(0, "127.0.0.1");

await using var socket = Dgram.CreateSocket("udp4");
var client = new RequestClient(socket, server.Address().Port, "127.0.0.1");
using var receiving = socket.Attach(client);
await socket.BindAsync(0, "127.0.0.1");

for (var i = 1; i <= 6; i++)
{
    var started = Stopwatch.GetTimestamp();
    var (response, attempts) = await client.RequestAsync(i, i * 10, timeout: TimeSpan.FromMilliseconds(200), attempts: 3);
    Console.WriteLine($"request {response.CorrelationId}: {i} + {i * 10} = {response.Sum} after {attempts} attempt(s), {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
}
