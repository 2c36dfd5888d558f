using System.Globalization;
using TypedDgram.PubSub;

namespace TypedDgram.PubSubPeer;

/// <summary>
/// <c>subscribe group= port= interface= [source=] [timeout-ms=20000] [key=HEX] [confidential=false]</c>, or <c>subscribe nats=URL [bus=peer]</c>. Commands: <c>wait N</c> waits until N ticks
/// have been delivered (or the timeout) and prints the stats line; <c>malformed N</c> the same until N datagrams were counted
/// malformed (an attacker's end marker: everything it sent before has been read); <c>stats</c> prints it now; <c>quit</c> leaves.
/// The stats line: <c>stats delivered= received= lost= duplicated= reordered= stale= malformed= unhandled= dropped= rejected= publishers=
/// recovered= unrecoverable= naks-sent= naks-suppressed= first= last= disorder= large= corrupt= reassembled= abandoned= fragments-dropped= from=ID:RECEIVED,...</c> (publisher ids in hex, as
/// publishers print them in their ready line; <c>first</c> and <c>last</c> the first and last tick count delivered, -1 before
/// any; <c>disorder</c> how many ticks were delivered other than right after the previous one: 0 means in order, each once;
/// <c>large</c> how many ticks larger than a datagram were delivered, <c>corrupt</c> how many ticks' text was not what the
/// publisher sent with their count; then the bus's fragment counts).
/// </summary>
internal static class SubscriberPeer
{
    public static async Task<int> RunAsync(PeerArgs args)
    {
        var (bus, where) = await PeerBus.JoinAsync(args, args.OptionalText("source"), recvBufferSize: 1 << 20);
        var timeout = TimeSpan.FromMilliseconds(args.Number("timeout-ms", 20_000));
        long delivered = 0, first = -1, last = -1, disorder = 0, large = 0, corrupt = 0;
        var changed = new SemaphoreSlim(0);
        using var subscription = bus.Subscribe<PeerTick>((tick, _) =>
        {
            // Handlers run one at a time: these plain writes are read after the semaphore, which orders them.
            if (first < 0)
            {
                first = tick.Count;
            }
            else if (tick.Count != last + 1)
            {
                disorder++;
            }

            last = tick.Count;
            large += tick.Text.Length > PeerTick.Small.Length ? 1 : 0;
            corrupt += tick.IsIntact ? 0 : 1;
            Interlocked.Increment(ref delivered);
            changed.Release();
        });
        bus.Malformed += _ => changed.Release();
        Console.WriteLine($"ready {where}");

        while (Console.ReadLine() is { } line && line != "quit")
        {
            var words = line.Split(' ');
            if (words[0] is "wait" or "malformed")
            {
                var target = long.Parse(words[1], CultureInfo.InvariantCulture);
                var deadline = DateTime.UtcNow + timeout;
                Func<long> count = words[0] == "wait" ? () => Interlocked.Read(ref delivered) : () => bus.Stats.Malformed;
                while (count() < target && DateTime.UtcNow < deadline)
                {
                    await changed.WaitAsync(deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero);
                }
            }

            var s = bus.Stats;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"stats delivered={Interlocked.Read(ref delivered)} received={s.Received} lost={s.Lost} duplicated={s.Duplicated} reordered={s.Reordered} stale={s.Stale} malformed={s.Malformed} unhandled={s.Unhandled} dropped={s.Dropped} rejected={s.Rejected} publishers={s.Publishers.Count} recovered={s.Recovered} unrecoverable={s.Unrecoverable} naks-sent={s.NaksSent} naks-suppressed={s.NaksSuppressed} first={Volatile.Read(ref first)} last={Volatile.Read(ref last)} disorder={Volatile.Read(ref disorder)} large={Volatile.Read(ref large)} corrupt={Volatile.Read(ref corrupt)} reassembled={s.Fragments.Reassembled} abandoned={s.Fragments.Abandoned} fragments-dropped={s.Fragments.Rejected} from={string.Join(',', s.Publishers.Select(p => $"{p.PublisherIdHex}:{p.Received}"))}"));
        }

        await bus.DisposeAsync();
        Console.WriteLine("left");
        return 0;
    }
}
