using System.Diagnostics;
using TypedDgram.PubSub;

namespace TypedDgram.PubSubPeer;

/// <summary>
/// <c>publish group= port= interface= [ttl=1] [loopback=true] [key=HEX] [confidential=false]</c>. Commands: <c>send N RATE</c> publishes N ticks at
/// RATE per second (in steps of 10 ms) and prints <c>sent N</c>; <c>quit</c>.
/// </summary>
internal static class PublisherPeer
{
    public static async Task<int> RunAsync(PeerArgs args)
    {
        await using var bus = await MulticastBus.JoinAsync(new MulticastOptions
        {
            Group = args.Text("group"),
            Port = args.Number("port", 0),
            Interface = args.Text("interface"),
            Ttl = args.Number("ttl", 1),
            Loopback = args.Flag("loopback", true),
            Key = PeerKey.From(args),
            Confidential = args.Flag("confidential", false),
        });
        Console.WriteLine($"ready port={bus.Port} publisher={bus.PublisherId:x16}");

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
        }

        return 0;
    }

    // Paced in 10 ms steps: each step sends what the rate allows up to that moment, so a burst never outruns it.
    private static async Task SendAsync(MulticastBus bus, long first, int count, int rate)
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
