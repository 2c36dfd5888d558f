using System.Diagnostics;
using TypedDgram.PubSub;

namespace TypedDgram.PubSubPeer;

/// <summary>
/// <c>publish group= port= interface= [ttl=1] [loopback=true] [key=HEX] [confidential=false]</c>, or <c>publish nats=URL [bus=peer]</c>. Commands: <c>send N RATE</c> publishes N ticks at
/// RATE per second (in steps of 10 ms) and prints <c>sent N</c>; <c>stats</c> prints <c>stats naks-received= retransmissions=</c>; <c>quit</c>.
/// </summary>
internal static class PublisherPeer
{
    public static async Task<int> RunAsync(PeerArgs args)
    {
        var (joined, where) = await PeerBus.JoinAsync(args);
        await using var bus = joined;
        Console.WriteLine($"ready {where} publisher={bus.PublisherId:x16}");

        long next = 0;
        while (Console.ReadLine() is { } line && line != "quit")
        {
            var words = line.Split(' ');
            if (words[0] == "send")
            {
                var count = int.Parse(words[1]);
                var rate = int.Parse(words[2]);
                await SendAsync(bus, next, count, rate);
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
    private static async Task SendAsync(ITypedBus bus, long first, int count, int rate)
    {
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (sent < count)
        {
            var allowed = Math.Min(count, (int)(clock.Elapsed.TotalSeconds * rate) + 1);
            for (; sent < allowed; sent++)
            {
                await bus.PublishAsync(new PeerTick(first + sent, "tick"));
            }

            if (sent < count)
            {
                await Task.Delay(10);
            }
        }
    }
}
