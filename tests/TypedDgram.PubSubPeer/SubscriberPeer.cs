using System.Globalization;
using TypedDgram.PubSub;

namespace TypedDgram.PubSubPeer;

/// <summary>
/// <c>subscribe group= port= interface= [source=] [timeout-ms=20000]</c>, or <c>subscribe nats=URL [bus=peer]</c>. Commands: <c>wait N</c> waits until N ticks
/// have been delivered (or the timeout) and prints the stats line; <c>stats</c> prints it now; <c>quit</c> leaves.
/// The stats line: <c>stats delivered= received= lost= duplicated= reordered= stale= malformed= unhandled= dropped= publishers=
/// from=ID:RECEIVED,...</c> (publisher ids in hex, as publishers print them in their ready line).
/// </summary>
internal static class SubscriberPeer
{
    public static async Task<int> RunAsync(PeerArgs args)
    {
        var (bus, where) = await PeerBus.JoinAsync(args, args.OptionalText("source"), recvBufferSize: 1 << 20);
        var timeout = TimeSpan.FromMilliseconds(args.Number("timeout-ms", 20_000));
        long delivered = 0;
        var changed = new SemaphoreSlim(0);
        using var subscription = bus.Subscribe<PeerTick>((_, _) =>
        {
            Interlocked.Increment(ref delivered);
            changed.Release();
        });
        Console.WriteLine($"ready {where}");

        while (Console.ReadLine() is { } line && line != "quit")
        {
            var words = line.Split(' ');
            if (words[0] == "wait")
            {
                var target = long.Parse(words[1], CultureInfo.InvariantCulture);
                var deadline = DateTime.UtcNow + timeout;
                while (Interlocked.Read(ref delivered) < target && DateTime.UtcNow < deadline)
                {
                    await changed.WaitAsync(deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero);
                }
            }

            var s = bus.Stats;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"stats delivered={Interlocked.Read(ref delivered)} received={s.Received} lost={s.Lost} duplicated={s.Duplicated} reordered={s.Reordered} stale={s.Stale} malformed={s.Malformed} unhandled={s.Unhandled} dropped={s.Dropped} publishers={s.Publishers.Count} from={string.Join(',', s.Publishers.Select(p => $"{p.PublisherIdHex}:{p.Received}"))}"));
        }

        await bus.DisposeAsync();
        Console.WriteLine("left");
        return 0;
    }
}
