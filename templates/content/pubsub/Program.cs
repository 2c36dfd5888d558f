// Typed publish/subscribe over IP multicast, with no broker: a subscriber and a publisher join the same group, the
// publisher sends ten ticks, and the subscriber prints them and its delivery counts (lost, duplicated, reordered, ...).
// The interface is pinned to 127.0.0.1 and the TTL is 1, so nothing leaves this machine; to reach other hosts, use this
// host's address on a shared link as the interface. The program stops by itself.
using TypedDgram.PubSub;
using TypedDgramPubSub;

const string Group = "239.255.42.98";
const string Interface = "127.0.0.1";

// Port 0: the system picks a free port for the subscriber, and the publisher joins that one.
await using var subscriber = await MulticastBus.JoinAsync(new MulticastOptions { Group = Group, Port = 0, Interface = Interface, Ttl = 1 });
await using var publisher = await MulticastBus.JoinAsync(new MulticastOptions { Group = Group, Port = subscriber.Port, Interface = Interface, Ttl = 1 });

const int Count = 10;
var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var received = 0;
using var subscription = subscriber.Subscribe<PriceTick>((tick, from) =>
{
    Console.WriteLine($"{tick.Symbol} {tick.Price} from {from.Address}:{from.Port}");
    if (Interlocked.Increment(ref received) == Count)
    {
        all.TrySetResult();
    }
});

for (var i = 0; i < Count; i++)
{
    await publisher.PublishAsync(new PriceTick("ACME", 100m + i / 4m));
}

try
{
    await all.Task.WaitAsync(TimeSpan.FromSeconds(5));
}
catch (TimeoutException)
{
    Console.Error.WriteLine($"only {received} of {Count} ticks arrived in 5 s: is multicast allowed on 127.0.0.1 here?");
}

Console.WriteLine(subscriber.Stats);
return received == Count ? 0 : 1;
