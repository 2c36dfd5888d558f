using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using TypedDgram.Contracts;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Benchmarks.BusSecurity;

/// <summary>
/// <c>bus-security [--rounds N] [--count N] [--size B] [--only MODE]</c>: what a group key costs a bus, per publication, on the two
/// paths it changes: publishing (serialize the contract behind its header, and seal: HMAC-SHA256 or AES-256-GCM) and
/// receiving (the bus's receive hook, <c>MulticastBus.OnDatagram</c>: open, sequence check, read, deliver to a
/// handler). Modes run interleaved, round by round, in one process; each line is one mode's median over the rounds, in
/// publications per second on one core and bytes allocated per publication. Sockets are not involved: the loopback
/// throughput of a bus is bounded by the socket path, which a key does not change.
/// </summary>
/// <remarks>
/// Built without <c>BUS_KEYS</c> (a tree from before issue 16, which has neither keys nor version 2 frames), only the
/// <c>none</c> mode exists, so the same file measures the unauthenticated path of both builds, interleaved by process.
/// </remarks>
internal static class BusSecurityMeasurement
{
    private const ulong Publisher = 0x0123_4567_89AB_CDEF;

#if BUS_KEYS
    private static readonly string[] Modes = ["none", "hmac", "aes-gcm"];
    private static readonly GroupKey Key = new(1, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
#else
    private static readonly string[] Modes = ["none"];
#endif

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = Option(args, "--rounds", 5);
        var count = Option(args, "--count", 200_000);
        var size = Option(args, "--size", 64);
        var payload = new byte[size];
        var at = Array.IndexOf(args, "--only");
        var modes = at >= 0 && at + 1 < args.Length ? Modes.Where(m => m == args[at + 1]).ToArray() : Modes;
        var results = modes.ToDictionary(m => m, _ => (Publish: new List<double>(), Receive: new List<double>(), PublishBytes: new List<double>(), ReceiveBytes: new List<double>()));
        for (var round = 0; round < rounds; round++)
        {
            // Rotate the order each round, so that no mode is always first (warmer or colder caches, the machine's load).
            foreach (var mode in modes.Skip(round % modes.Length).Concat(modes.Take(round % modes.Length)))
            {
                var (publish, publishBytes, frames) = MeasurePublish(mode, count, payload);
                var (receive, receiveBytes) = await MeasureReceiveAsync(mode, frames);
                var r = results[mode];
                r.Publish.Add(publish);
                r.Receive.Add(receive);
                r.PublishBytes.Add(publishBytes);
                r.ReceiveBytes.Add(receiveBytes);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bus-security: {rounds} rounds of {count:N0} publications of a {size}-byte Blob, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end"));
        Console.WriteLine("mode     publish/s  receive/s  publish B/pub  receive B/pub");
        foreach (var mode in modes)
        {
            var r = results[mode];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode,-8} {Median(r.Publish),9:N0}  {Median(r.Receive),9:N0}  {Median(r.PublishBytes),13:F1}  {Median(r.ReceiveBytes),13:F1}"));
        }

        return 0;
    }

    // Serialize (and seal) `count` publications as PublishAsync does under its lock; the frames are kept for receiving.
    private static (double PerSecond, double BytesPer, byte[][] Frames) MeasurePublish(string mode, int count, byte[] payload)
    {
        var message = new BenchBlob(payload);
        var frames = new byte[count][];
        var lengths = new int[count];
#if BUS_KEYS
        var ring = mode == "none" ? null : new BusKeyRing(Key, [], mode == "aes-gcm", Publisher);
#endif
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            int length;
#if BUS_KEYS
            frames[i] = ring is null
                ? PooledEnvelope.Serialize(message, new PublicationPrefix(Publisher, (ulong)i), out length, out _)
                : ring.SealPublication(message, Publisher, (ulong)i, out length, out _);
#else
            frames[i] = PooledEnvelope.Serialize(message, new PublicationPrefix(Publisher, (ulong)i), out length, out _);
#endif
            lengths[i] = length;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)count;

        // Outside the measured window: copy out and return the pooled buffers, as the send path would after sending.
        for (var i = 0; i < count; i++)
        {
            var pooled = frames[i];
            frames[i] = pooled.AsSpan(0, lengths[i]).ToArray();
            ArrayPool<byte>.Shared.Return(pooled);
        }

        return (count / seconds, bytes, frames);
    }

    private static async Task<(double PerSecond, double BytesPer)> MeasureReceiveAsync(string mode, byte[][] frames)
    {
        await using var bus = await MulticastBus.JoinAsync(new MulticastOptions
        {
            Group = $"239.255.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}",
            Interface = "127.0.0.1",
            Loopback = false,
#if BUS_KEYS
            Key = mode == "none" ? null : Key,
#endif
        });
        long delivered = 0;
        using var subscription = bus.Subscribe<BenchBlob>((_, _) => delivered++);
        var from = new RemoteInfo("127.0.0.1", "IPv4", 40000, frames[0].Length);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        foreach (var frame in frames)
        {
            bus.OnDatagram(frame, from);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)frames.Length;
        if (delivered != frames.Length)
        {
            throw new InvalidOperationException($"{mode}: {delivered} of {frames.Length} delivered");
        }

        return (frames.Length / seconds, bytes);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}

/// <summary>The publication measured: a contract of one binary member (as the throughput rows' <c>Blob</c>).</summary>
[Datagram(Id = 0xB05_0001)]
public partial record BenchBlob(byte[] Payload);
