using System.Diagnostics;
using TypedDgram.PubSub;

namespace TypedDgram.PubSubPeer;

/// <summary>
/// <c>publish group= port= interface= [ttl=1] [loopback=true] [key=HEX] [confidential=false] [large-every=0 large-bytes=262144]</c>, or <c>publish nats=URL [bus=peer]</c>. Commands: <c>send N RATE</c> publishes N ticks at
/// RATE per second (in steps of 10 ms) and prints <c>sent N</c>; with <c>large-every=K</c>, every tick whose count is a
/// multiple of K, from K on, carries <see cref="PeerTick.Large"/> text of <c>large-bytes</c> characters (sent in fragments); <c>stats</c> prints <c>stats naks-received= retransmissions=</c>; <c>quit</c>.
/// </summary>
internal static class PublisherPeer
{
    public static async Task<int> RunAsync(PeerArgs args)
    {
        var (joined, where) = await PeerBus.JoinAsync(args);
        await using var bus = joined;
        Console.WriteLine($"ready {where} publisher={bus.PublisherId:x16}");

        long next = 0;
        var largeEvery = args.Number("large-every", 0);
        var largeBytes = args.Number("large-bytes", 256 * 1024);
        while (Console.ReadLine() is { } line && line != "quit")
        {
            var words = line.Split(' ');
            if (words[0] == "send")
            {
                var count = int.Parse(words[1]);
                var rate = int.Parse(words[2]);
                await SendAsync(bus, next, count, rate, largeEvery, largeBytes);
                next += count;
                Console.WriteLine($"sent {count}");
            }
            else if (words[0] == "stats")
            {
                var stats = bus.Stats;
                Console.WriteLine($"stats naks-received={stats.NaksReceived} retransmissions={stats.Retransmissions}");
            }
        }

        return 0;
    }

    // Paced in 10 ms steps: each step sends what the rate allows up to that moment, so a burst never outruns it.
    private static async Task SendAsync(ITypedBus bus, long first, int count, int rate, int largeEvery, int largeBytes)
    {
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (sent < count)
        {
            var allowed = Math.Min(count, (int)(clock.Elapsed.TotalSeconds * rate) + 1);
            for (; sent < allowed; sent++)
            {
                var number = first + sent;
                var large = largeEvery > 0 && number > 0 && number % largeEvery == 0;
                await bus.PublishAsync(new PeerTick(number, large ? PeerTick.Large(number, largeBytes) : PeerTick.Small));
            }

            if (sent < count)
            {
                await Task.Delay(10);
            }
        }
    }
}
