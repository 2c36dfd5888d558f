using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using TypedDgram.Contracts;
using TypedDgram.PubSub;
using TypedDgram.Sockets;

namespace TypedDgram.Benchmarks.PubSub;

/// <summary>
/// <c>bus-batch-cost [--rounds N] [--count N] [--batch N]</c>: what the receive hook (<c>MulticastBus.OnDatagram</c>:
/// open, verify, sequence check, read, deliver) costs per publication when publications come alone and when they come
/// in batches of N, unkeyed and keyed (HMAC-SHA256, AES-256-GCM: one tag per batch). In one process, modes interleaved
/// round by round, no sockets; µs per publication and bytes allocated per publication, median over the rounds.
/// </summary>
internal static class BatchReceiveCost
{
    private const ulong Publisher = 0x0123_4567_89AB_CDEF;
    private static readonly GroupKey Key = new(1, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
    private static readonly string[] Suites = ["none", "hmac", "aes-gcm"];

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = Option(args, "--rounds", 5);
        var count = Option(args, "--count", 60_000);
        var batch = Option(args, "--batch", 30);
        var modes = Suites.SelectMany(s => new[] { (Suite: s, Batch: 1), (Suite: s, Batch: batch) }).ToArray();
        var results = modes.ToDictionary(m => m, _ => (Micros: new List<double>(), Bytes: new List<double>()));
        for (var round = 0; round < rounds; round++)
        {
            foreach (var mode in modes.Skip(round % modes.Length).Concat(modes.Take(round % modes.Length)))
            {
                var (micros, bytes) = await MeasureAsync(mode.Suite, mode.Batch, count);
                results[mode].Micros.Add(micros);
                results[mode].Bytes.Add(bytes);
            }
        }

        Console.WriteLine("| suite | publications per datagram | µs per publication received | bytes allocated per publication |");
        Console.WriteLine("|---|--:|--:|--:|");
        foreach (var mode in modes)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {mode.Suite} | {mode.Batch} | {Median(results[mode].Micros):F3} | {Median(results[mode].Bytes):F1} |"));
        }

        return 0;
    }

    private static async Task<(double Micros, double Bytes)> MeasureAsync(string suite, int batch, int count)
    {
        var ring = suite == "none" ? null : new BusKeyRing(Key, [], suite == "aes-gcm", Publisher);
        var frames = Frames(ring, batch, count);
        await using var bus = await MulticastBus.JoinAsync(new MulticastOptions
        {
            Group = $"239.255.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}",
            Interface = "127.0.0.1",
            Loopback = false,
            Key = ring is null ? null : Key,
        });
        long delivered = 0;
        using var subscription = bus.Subscribe<KeyedSample>((_, _) => delivered++);
        var from = new RemoteInfo("127.0.0.1", "IPv4", 9, 0);

        // The first tenth warms up (tiered compilation); the rest is measured.
        var warm = frames.Length / 10;
        for (var i = 0; i < warm; i++)
        {
            bus.OnDatagram(frames[i], from);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var counted = delivered;
        var clock = Stopwatch.StartNew();
        for (var i = warm; i < frames.Length; i++)
        {
            bus.OnDatagram(frames[i], from);
        }

        clock.Stop();
        var publications = delivered - counted;
        if (bus.Stats.Lost != 0 || bus.Stats.Rejected != 0 || publications != (long)(frames.Length - warm) * batch)
        {
            throw new InvalidOperationException($"the measurement did not deliver every publication: {bus.Stats}");
        }

        return (clock.Elapsed.TotalMicroseconds / publications, (GC.GetAllocatedBytesForCurrentThread() - before) / (double)publications);
    }

    // Frames of `batch` KeyedSamples each (32 bytes of baggage), numbered on, sealed when there is a ring.
    private static byte[][] Frames(BusKeyRing? ring, int batch, int count)
    {
        var contract = DatagramEnvelope.Serialize(new KeyedSample(1, 0, new byte[32]));
        var frames = new byte[count / batch][];
        for (var f = 0; f < frames.Length; f++)
        {
            var first = (ulong)(f * batch);
            var kind = batch == 1 ? FrameKind.Publication : FrameKind.Batch;
            var buffer = ArrayPool<byte>.Shared.Rent(64 + 3 + (batch * contract.Length) + 40);
            var header = ring is null
                ? batch == 1 ? PublicationHeader.Write(buffer, Publisher, first) : PlainFrame.WriteHeader(buffer, kind, Publisher, first)
                : SecureFrame.WriteHeader(buffer, kind, ring.Suite, ring.KeyId, Publisher, first);
            var length = header;
            if (batch > 1)
            {
                BatchBody.WriteArrayHeader(buffer.AsSpan(length));
                BatchBody.SetCount(buffer.AsSpan(length), batch);
                length += BatchBody.ArrayHeaderLength;
            }

            for (var i = 0; i < batch; i++)
            {
                contract.CopyTo(buffer, length);
                length += contract.Length;
            }

            if (ring is not null)
            {
                buffer = ring.Seal(buffer, ref length, header, kind, first);
            }

            frames[f] = buffer[..length];
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return frames;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
