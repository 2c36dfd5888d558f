using System.Diagnostics;
using System.Globalization;

namespace TypedDgram.Benchmarks.Throughput;

/// <summary>
/// The line protocol between the throughput runner and its child processes (this program, node, the C program).
/// A receiver binds 127.0.0.1:0 and prints <c>PORT p</c>; on stdin <c>reset</c> it zeroes its count and answers
/// <c>RESET</c>; on <c>stop</c> it prints <c>RECEIVED count allocatedBytes cpuSeconds</c> and exits. A sender gets the port,
/// size, seconds, maximum count and warm-up seconds as arguments, warms up, prints <c>READY</c>, waits for <c>go</c>, sends,
/// prints <c>SENT count seconds allocatedBytes cpuSeconds</c> and exits. Allocation is -1 where the runtime has no such
/// counter; CPU seconds are the whole process's (user + system) over the measured window.
/// </summary>
public static class ChildProtocol
{
    /// <summary>The arguments of a sending child.</summary>
    public readonly record struct SendArguments(int Port, int Size, double Seconds, long Max, double Warmup)
    {
        public static SendArguments Parse(ReadOnlySpan<string> args) => new(
            int.Parse(args[0], CultureInfo.InvariantCulture),
            int.Parse(args[1], CultureInfo.InvariantCulture),
            double.Parse(args[2], CultureInfo.InvariantCulture),
            long.Parse(args[3], CultureInfo.InvariantCulture),
            double.Parse(args[4], CultureInfo.InvariantCulture));

        public string[] ToArgs() =>
        [
            Port.ToString(CultureInfo.InvariantCulture), Size.ToString(CultureInfo.InvariantCulture),
            Seconds.ToString(CultureInfo.InvariantCulture), Max.ToString(CultureInfo.InvariantCulture),
            Warmup.ToString(CultureInfo.InvariantCulture),
        ];
    }

    public static void Print(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    /// <summary>
    /// Runs a receiver's control loop on the calling thread: answers reset and stop from stdin with the count
    /// <paramref name="received"/> reports, and the bytes this process allocated in between.
    /// </summary>
    public static void ServeReceiver(Func<long> received)
    {
        long baseCount = 0;
        long baseAllocated = 0;
        var baseCpu = TimeSpan.Zero;
        while (Console.In.ReadLine() is { } line)
        {
            if (line == "reset")
            {
                baseCount = received();
                baseAllocated = GC.GetTotalAllocatedBytes(precise: true);
                baseCpu = CpuTime();
                Print("RESET");
            }
            else if (line == "stop")
            {
                long allocated = GC.GetTotalAllocatedBytes(precise: true) - baseAllocated;
                var cpu = (CpuTime() - baseCpu).TotalSeconds;
                Print(FormattableString.Invariant($"RECEIVED {received() - baseCount} {allocated} {cpu:F6}"));
                return;
            }
        }
    }

    /// <summary>
    /// Runs a sender: warm-up, READY, wait for go, then <paramref name="sendFor"/> for the measured run, reporting the
    /// count, the seconds it took and the bytes allocated meanwhile. <paramref name="sendFor"/> gets a duration and a
    /// maximum count and returns how many it sent; <paramref name="drain"/> waits until queued datagrams are out.
    /// </summary>
    public static void ServeSender(SendArguments arguments, Func<double, long, long> sendFor, Action drain)
    {
        sendFor(arguments.Warmup, arguments.Max);
        drain();
        Print("READY");
        if (Console.In.ReadLine() is null)
        {
            return;
        }

        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = CpuTime();
        var started = Stopwatch.GetTimestamp();
        long sent = sendFor(arguments.Seconds, arguments.Max);
        drain();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var cpu = (CpuTime() - cpuBefore).TotalSeconds;
        Print(FormattableString.Invariant($"SENT {sent} {elapsed:F6} {allocated} {cpu:F6}"));
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>
    /// Calls <paramref name="sendOne"/> until <paramref name="seconds"/> have passed or <paramref name="max"/> datagrams
    /// went out, checking the clock every 256 sends; <paramref name="backlog"/> (queued datagrams) above 1,024 pauses
    /// the loop until it drops below 256, so a queue never grows without bound.
    /// </summary>
    public static long Loop(double seconds, long max, Action sendOne, Func<long>? backlog = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        long sent = 0;
        while (sent < max)
        {
            for (var i = 0; i < 256 && sent < max; i++)
            {
                sendOne();
                sent++;
            }

            if (Stopwatch.GetTimestamp() >= deadline)
            {
                break;
            }

            if (backlog is not null && backlog() > 1024)
            {
                var spin = new SpinWait();
                while (backlog() > 256 && Stopwatch.GetTimestamp() < deadline)
                {
                    spin.SpinOnce();
                }
            }
        }

        return sent;
    }

    /// <summary>Waits (at most 5 s) until <paramref name="backlog"/> is empty.</summary>
    public static void Drain(Func<long> backlog)
    {
        var deadline = Stopwatch.GetTimestamp() + (5 * Stopwatch.Frequency);
        var spin = new SpinWait();
        while (backlog() > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            spin.SpinOnce();
        }
    }
}
