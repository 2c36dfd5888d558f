// The node:dgram "server and client" example from Node's docs, in C#: a server bound on loopback
// prints what it receives; a client sends three datagrams to it; both close once the last arrives.
using System.Text;
using TypedDgram.Sockets;

const int Count = 3;
var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var received = 0;

await using var server = Dgram.CreateSocket("udp4");
server.Error += err => Console.Error.WriteLine($"server error: {err.Message}");
server.Message += (msg, rinfo) =>
{
    Console.WriteLine($"server got: \"{Encoding.UTF8.GetString(msg)}\" from {rinfo.Address}:{rinfo.Port} ({rinfo.Size} bytes)");
    if (Interlocked.Increment(ref received) == Count)
    {
        allReceived.TrySetResult();
    }
};
server.Listening += () =>
{
    var address = server.Address();
    Console.WriteLine($"server listening {address.Address}:{address.Port}");
};
await server.BindAsync(0, "127.0.0.1");
var port = server.Address().Port;

await using var client = Dgram.CreateSocket("udp4");
for (var i = 1; i <= Count; i++)
{
    var bytes = await client.SendAsync(Encoding.UTF8.GetBytes($"hello #{i}"), port, "127.0.0.1");
    Console.WriteLine($"client sent {bytes} bytes");
}

if (await Task.WhenAny(allReceived.Task, Task.Delay(TimeSpan.FromSeconds(5))) != allReceived.Task)
{
    Console.Error.WriteLine($"only {received} of {Count} datagrams arrived within 5 s");
    return 1;
}
Console.WriteLine("done");
return 0;
