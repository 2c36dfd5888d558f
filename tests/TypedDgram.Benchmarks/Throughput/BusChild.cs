using System.Diagnostics;
using System.Globalization;
using TypedDgram.Benchmarks.BusSecurity;
using TypedDgram.PubSub;

namespace TypedDgram.Benchmarks.Throughput;

/// <summary>
/// The bus rows of the throughput runner (issue 14, "batched I/O under the bus"): a <see cref="MulticastBus"/>
/// subscriber and a publisher in separate processes, on the group <see cref="Group"/> over 127.0.0.1, publishing a
/// <see cref="BenchBlob"/> of the run's size. The key says how the publisher publishes and which of the bus's sockets
/// batch (<c>MulticastLink.ReceiverBatching</c> / <c>SenderBatching</c>, set in both processes alike):
/// <c>bus-await</c>, <c>bus-await-batch-recv</c>, <c>bus-await-batch-send</c>, <c>bus-await-batch-both</c>, and the same
/// with <c>bus-window</c>. <c>await</c>: <c>await PublishAsync</c> in a loop, one publication at a time (the issue's
/// measured path); <c>window</c>: up to <see cref="Window"/> publications in flight, so that sends can queue up behind
/// one another.
/// </summary>
public static class BusChild
{
    /// <summary>The group both processes join; the port is the subscriber's ephemeral one, so runs never share a group and port.</summary>
    public const string Group = "239.255.14.14";

    /// <summary>The publications a <c>window</c> publisher keeps in flight.</summary>
    public const int Window = 64;

    /// <summary>Every bus key, in the order of the table.</summary>
    public static readonly string[] Keys =
    [
        .. from mode in new[] { "await", "window" }
           from batching in new[] { "", "-batch-recv", "-batch-send", "-batch-both" }
           select $"bus-{mode}{batching}",
    ];

    /// <summary>What a bus key says: whether the publisher keeps several publications in flight, and which sockets batch.</summary>
    public readonly record struct Setup(bool Windowed, bool ReceiverBatching, bool SenderBatching)
    {
        public static Setup? Parse(string key)
        {
            if (!Keys.Contains(key))
            {
                return null;
            }
            bool both = key.EndsWith("-batch-both", StringComparison.Ordinal);
            return new Setup(
                key.StartsWith("bus-window", StringComparison.Ordinal),
                both || key.EndsWith("-batch-recv", StringComparison.Ordinal),
                both || key.EndsWith("-batch-send", StringComparison.Ordinal));
        }

        public string Label => string.Create(CultureInfo.InvariantCulture,
            $"MulticastBus, {(Windowed ? $"{Window} PublishAsync in flight" : "await PublishAsync")}, batching: {(ReceiverBatching, SenderBatching) switch
            {
                (false, false) => "none",
                (true, false) => "receiver (GRO)",
                (false, true) => "sender (sendmmsg/GSO)",
                _ => "both",
            }}");

        public void Apply()
        {
            MulticastLink.ReceiverBatching = ReceiverBatching;
            MulticastLink.SenderBatching = SenderBatching;
        }
    }

    public static int Receive(Setup setup)
    {
        setup.Apply();
        var bus = MulticastBus.JoinAsync(Options(0)).GetAwaiter().GetResult();
        long received = 0;
        using var subscription = bus.Subscribe<BenchBlob>((_, _) => received++);
        bus.Error += error => Console.Error.WriteLine($"subscriber error: {error.Message}");
        ChildProtocol.Print($"PORT {bus.Port}");
        ChildProtocol.ServeReceiver(() => Volatile.Read(ref received));
        bus.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }

    public static int Send(Setup setup, ChildProtocol.SendArguments arguments)
    {
        setup.Apply();
        var bus = MulticastBus.JoinAsync(Options(arguments.Port)).GetAwaiter().GetResult();
        bus.Error += error => Console.Error.WriteLine($"publisher error: {error.Message}");
        var message = new BenchBlob(new byte[arguments.Size]);
        var inFlight = new ValueTask[setup.Windowed ? Window : 1];

        // An async loop, as a publisher awaiting each publication is written: a send that completes later resumes the
        // loop on the thread that completed it, rather than waking a blocked thread.
        async Task<long> PublishFor(double seconds, long max)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            long sent = 0;
            while (sent < max && Stopwatch.GetTimestamp() < deadline)
            {
                for (int i = 0; i < 256 && sent < max; i++, sent++)
                {
                    long slot = sent % inFlight.Length;
                    await inFlight[slot];   // the publication this slot held (a default one is complete)
                    inFlight[slot] = bus.PublishAsync(message);
                }
            }
            await Drain();
            return sent;
        }

        async Task Drain()
        {
            for (int i = 0; i < inFlight.Length; i++)
            {
                await inFlight[i];
                inFlight[i] = default;
            }
        }

        ChildProtocol.ServeSender(arguments, (seconds, max) => PublishFor(seconds, max).GetAwaiter().GetResult(), () => Drain().GetAwaiter().GetResult());
        bus.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }

    private static MulticastOptions Options(int port) => new() { Group = Group, Port = port, Interface = "127.0.0.1" };
}
