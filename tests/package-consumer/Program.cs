using PackageConsumer;
using TypedDgram.Contracts;
using TypedDgram.Hosting;
using TypedDgram.Messaging;
using TypedDgram.Sockets;

// A contract goes out through the generated writer and comes back through the generated dispatch, on loopback.
var sent = new Reading("sensor-1", 21.5, 7, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123), "from the package");

await using var receiver = Dgram.CreateSocket("udp4");
await receiver.BindAsync(0, "127.0.0.1");
var sink = new ReadingSink();
using var attachment = receiver.Attach(sink);

await using var sender = Dgram.CreateSocket("udp4");
await sender.SendAsync(sent, receiver.Address().Port, "127.0.0.1");

var received = await sink.First.Task.WaitAsync(TimeSpan.FromSeconds(10));
if (received != sent)
{
    Console.Error.WriteLine($"package-consumer: sent {sent} but received {received}");
    return 1;
}

// The hosting package's API is there too.
var endpointOptions = new DatagramEndpointOptions { Address = "127.0.0.1" };

Console.WriteLine($"package-consumer: {nameof(DatagramEndpointOptions)} for {endpointOptions.Address}; {nameof(Reading)} (type id 0x{TypeIdOf<Reading>():X8}) round-tripped through the packaged generator");
return 0;

static uint TypeIdOf<T>() where T : IDatagram<T> => T.TypeId;
