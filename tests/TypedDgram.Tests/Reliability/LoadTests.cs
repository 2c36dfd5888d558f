using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TypedDgram.Contracts;
using TypedDgram.Messaging;
using TypedDgram.Sockets;
using TypedDgram.Tests.Sockets;
using Xunit.Abstractions;

namespace TypedDgram.Tests.Reliability;

/// <summary>
/// A flood at full speed and a paced run with nothing lost. Short by default (CI); tests/reliability/load sets
/// TYPEDDGRAM_FLOOD_SECONDS=10 and TYPEDDGRAM_PACED_COUNT=1000000 for the full figures.
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Load")]
public sealed class LoadTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Flood_at_full_speed_every_datagram_is_delivered_or_counted_as_dropped_and_memory_stays_flat()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "kernel drops are read from /proc/net/udp (Linux only)");
        var seconds = Setting("TYPEDDGRAM_FLOOD_SECONDS", 2);
        await using var receiver = Dgram.CreateSocket("udp4");
        await Wait.For(receiver.BindAsync(0, "127.0.0.1"));
        var handlers = new CountingWorkHandlers(0);
        using var attachment = receiver.Attach(handlers, queueCapacity: 4096, fullMode: QueueFullMode.DropOldest);
        var port = receiver.Address().Port;
        var datagram = DatagramEnvelope.Serialize(new Work(1));

        var deadline = Stopwatch.StartNew();
        long sent = 0;
        var sender = Task.Factory.StartNew(
            () =>
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                var to = new IPEndPoint(IPAddress.Loopback, port);
                while (deadline.Elapsed.TotalSeconds < seconds)
                {
                    for (var i = 0; i < 256; i++)
                    {
                        socket.SendTo(datagram, to);
                        sent++;
                    }
                }
            },
            TaskCreationOptions.LongRunning);

        // Sampled every quarter second: delivery must progress in every interval after the first, memory must not climb.
        var samples = new List<(double At, long Delivered, long Heap, long WorkingSet)>();
        while (!sender.IsCompleted)
        {
            await Task.WhenAny(sender, Task.Delay(250));
            samples.Add((deadline.Elapsed.TotalSeconds, handlers.Total, GC.GetTotalMemory(false), Environment.WorkingSet));
        }

        await sender;
        var (delivered, internalDrops, kernelDrops) = await SettleAsync(receiver, handlers, attachment, sent);
        var firstHalf = samples[..(samples.Count / 2)];
        var stall = LongestStall(samples.Select(sample => sample.Delivered).ToList());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"flood {seconds} s: sent {sent:N0} ({sent / seconds:N0}/s), delivered {delivered:N0}, queue drops {internalDrops:N0}, kernel drops {kernelDrops:N0}; " +
            $"heap max {samples.Max(s => s.Heap) / 1e6:F1} MB (first half {firstHalf.Max(s => s.Heap) / 1e6:F1}), " +
            $"working set {samples[1].WorkingSet / 1e6:F1} -> {samples[^1].WorkingSet / 1e6:F1} MB, longest stall {stall * 0.25:F2} s"));

        Assert.Equal(sent, delivered + internalDrops + kernelDrops);
        // Never stopped: on this shared 2-core machine the sender can starve the receive loop for a moment, never for a second.
        Assert.True(stall < 4, $"no delivery for {stall * 0.25:F2} s");
        // Flat: the working set after the first interval grows by less than 32 MB over the whole flood.
        Assert.True(samples[^1].WorkingSet - samples[1].WorkingSet < 32_000_000, "working set grew");

        // The receiver is still receiving.
        var before = handlers.Total;
        using var last = Dgram.CreateSocket("udp4");
        await Wait.For(last.SendAsync(new Work(2), port, "127.0.0.1").AsTask());
        await SettleAsync(receiver, handlers, attachment, sent + 1);
        Assert.True(handlers.Total > before, "nothing delivered after the flood");
    }

    [SkippableFact]
    public async Task Paced_below_capacity_every_datagram_is_dispatched_exactly_once()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "kernel drops are read from /proc/net/udp (Linux only)");
        var count = Setting("TYPEDDGRAM_PACED_COUNT", 20_000);
        var rate = Setting("TYPEDDGRAM_PACED_RATE", 20_000);
        await using var receiver = Dgram.CreateSocket(new SocketOptions { Type = "udp4", RecvBufferSize = 4 << 20 });
        await Wait.For(receiver.BindAsync(0, "127.0.0.1"));
        var handlers = new CountingWorkHandlers(count);
        using var attachment = receiver.Attach(handlers);
        var port = receiver.Address().Port;

        var clock = Stopwatch.StartNew();
        var sender = Task.Factory.StartNew(
            () =>
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                var to = new IPEndPoint(IPAddress.Loopback, port);
                var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
                for (var seq = 0; seq < count; seq++)
                {
                    // Paced: datagram n leaves no earlier than n / rate seconds after the start.
                    while (clock.Elapsed.TotalSeconds * rate < seq)
                    {
                        Thread.Yield();
                    }

                    buffer.ResetWrittenCount();
                    DatagramEnvelope.Serialize(buffer, new Work(seq));
                    socket.SendTo(buffer.WrittenSpan, SocketFlags.None, to);
                }
            },
            TaskCreationOptions.LongRunning);
        await sender.WaitAsync(TimeSpan.FromSeconds((count / (double)rate) + 120));
        var (delivered, _, kernelDrops) = await SettleAsync(receiver, handlers, attachment, count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"paced: {count:N0} datagrams at {rate:N0}/s in {clock.Elapsed.TotalSeconds:F1} s, dispatched {delivered:N0}, kernel drops {kernelDrops:N0}"));

        Assert.Equal(0, kernelDrops);
        Assert.Equal(count, delivered);
        var hits = handlers.Hits;
        for (var seq = 0; seq < count; seq++)
        {
            Assert.True(hits[seq] == 1, $"datagram {seq} dispatched {hits[seq]} times");
        }
    }

    // The most consecutive quarter-second samples in which the delivered count did not move.
    private static int LongestStall(List<long> delivered)
    {
        int longest = 0, current = 0;
        for (var i = 1; i < delivered.Count; i++)
        {
            current = delivered[i] == delivered[i - 1] ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }

        return longest;
    }

    // Waits until every datagram is accounted for, or until nothing has changed for two seconds.
    private static async Task<(long Delivered, long InternalDrops, long KernelDrops)> SettleAsync(
        DgramSocket receiver, CountingWorkHandlers handlers, DatagramAttachment attachment, long expected)
    {
        var last = (-1L, -1L, -1L);
        var unchangedSince = Stopwatch.StartNew();
        while (true)
        {
            var now = (handlers.Total, attachment.Dropped, receiver.GetRecvDropCount() ?? 0);
            if (now.Item1 + now.Item2 + now.Item3 >= expected || unchangedSince.Elapsed > TimeSpan.FromSeconds(2))
            {
                return now;
            }

            if (now != last)
            {
                last = now;
                unchangedSince.Restart();
            }

            await Task.Delay(20);
        }
    }

    private static int Setting(string name, int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
