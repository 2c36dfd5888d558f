using System.Globalization;

namespace TypedDgram.Benchmarks.Throughput;

/// <summary>
/// Runs each implementation's receiver and sender as two child processes on 127.0.0.1: warm-up, then a measured window
/// of <c>seconds</c> (and at most <c>max</c> datagrams), counted on both sides. Every implementation runs
/// <c>rounds</c> times, round-robin, so a burst of load from elsewhere on the machine hits them alike; the median run
/// is the result. With <c>pin</c>, the sender runs on the first CPU and the receiver on the last (<c>taskset</c>):
/// otherwise the scheduler sometimes puts both on one core, and one run measures twice another.
/// </summary>
public sealed class ThroughputRunner(double seconds, double warmup, int rounds, bool pin, TextWriter log)
{
    // A bound far above what loopback carries in the window, so the time bound is the one that ends a run.
    private long Max => (long)(seconds * 20_000_000);

    /// <summary>True when child processes can be pinned to CPUs here (Linux with taskset and two CPUs or more).</summary>
    public static bool CanPin => Environment.ProcessorCount >= 2 && Suite.Machine.Which("taskset") is not null;

    /// <summary>Every run so far, in the order they ran (<see cref="ThroughputResult.Round"/> says which round).</summary>
    public List<ThroughputResult> Runs { get; } = [];

    public async Task<List<ThroughputResult>> RunAsync(IReadOnlyList<Implementation> implementations, IReadOnlyList<int> sizes)
    {
        var results = new List<ThroughputResult>();
        foreach (var size in sizes)
        {
            var runs = implementations.ToDictionary(i => i.Key, _ => new List<ThroughputResult>());
            for (var round = 0; round < rounds; round++)
            {
                foreach (var implementation in implementations)
                {
                    var result = await RunOneAsync(implementation, size) with { Round = round };
                    Runs.Add(result);
                    log.WriteLine(result.Skipped is null
                        ? string.Create(CultureInfo.InvariantCulture, $"  {implementation.Label,-40} {size,5} B  received {result.ReceivedPerSecond,10:N0}/s  sent {result.SentPerSecond,10:N0}/s  dropped {result.Dropped,10:N0}  CPU/datagram {result.SenderCpuMicroseconds,5:F2} + {result.ReceiverCpuMicroseconds,5:F2} us")
                        : $"  {implementation.Label,-40} {size,5} B  failed: {result.Skipped}");
                    runs[implementation.Key].Add(result);
                }
            }

            foreach (var implementation in implementations)
            {
                var all = runs[implementation.Key];
                var measured = all.Where(r => r.Skipped is null).OrderBy(r => r.ReceivedPerSecond).ToList();
                results.Add(measured.Count == 0
                    ? all[0]
                    : measured[measured.Count / 2] with { Rounds = [.. measured.Select(r => r.ReceivedPerSecond)] });
            }
        }

        return results;
    }

    private ChildCommand Pinned(ChildCommand command, int cpu) =>
        pin ? command with { FileName = "taskset", Arguments = ["-c", cpu.ToString(CultureInfo.InvariantCulture), command.FileName, .. command.Arguments] } : command;

    private async Task<ThroughputResult> RunOneAsync(Implementation implementation, int size)
    {
        try
        {
            using var receiver = ChildProcess.Start(Pinned(implementation.Receiver, Environment.ProcessorCount - 1));
            var port = int.Parse((await receiver.ExpectAsync("PORT", TimeSpan.FromSeconds(30)))[0], CultureInfo.InvariantCulture);
            using var sender = ChildProcess.Start(Pinned(implementation.Sender(new ChildProtocol.SendArguments(port, size, seconds, Max, warmup)), 0));
            await sender.ExpectAsync("READY", TimeSpan.FromSeconds(30 + warmup));

            // Let the receiver take what the warm-up left in its buffer before counting starts.
            await Task.Delay(150);
            receiver.Send("reset");
            await receiver.ExpectAsync("RESET", TimeSpan.FromSeconds(10));
            sender.Send("go");
            var sent = await sender.ExpectAsync("SENT", TimeSpan.FromSeconds(30 + seconds));
            await Task.Delay(250);
            receiver.Send("stop");
            var received = await receiver.ExpectAsync("RECEIVED", TimeSpan.FromSeconds(10));
            return new ThroughputResult(
                implementation,
                size,
                Sent: long.Parse(sent[0], CultureInfo.InvariantCulture),
                Received: long.Parse(received[0], CultureInfo.InvariantCulture),
                Seconds: double.Parse(sent[1], CultureInfo.InvariantCulture),
                SenderAllocated: long.Parse(sent[2], CultureInfo.InvariantCulture),
                ReceiverAllocated: long.Parse(received[1], CultureInfo.InvariantCulture),
                SenderCpuSeconds: double.Parse(sent[3], CultureInfo.InvariantCulture),
                ReceiverCpuSeconds: double.Parse(received[2], CultureInfo.InvariantCulture));
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException or FormatException or IndexOutOfRangeException or System.ComponentModel.Win32Exception)
        {
            return new ThroughputResult(implementation, size, 0, 0, 0, -1, -1, 0, 0, exception.Message);
        }
    }
}
