using System.Globalization;

namespace TypedDgram.Benchmarks.PubSub;

/// <summary>
/// A process's CPU time so far, every thread's user and system time together: <c>utime + stime</c> of
/// <c>/proc/PID/stat</c> (fields 14 and 15, in clock ticks of 10 ms). The comparison
/// reads it for ddsperf and the bus peers alike, rather than ddsperf's own per-thread CPU lines, which the bus has no
/// equivalent of.
/// </summary>
public static class ProcessCpu
{
    // USER_HZ, what /proc counts in: 100 on every Linux architecture .NET runs on (sysconf(_SC_CLK_TCK) says the same).
    private const double TicksPerSecond = 100;

    /// <summary>CPU seconds <paramref name="pid"/> has used, or null when it is gone.</summary>
    public static double? Seconds(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        return Parse(stat) / TicksPerSecond;
    }

    /// <summary>utime + stime, in ticks, from the text of <c>/proc/PID/stat</c>.</summary>
    public static long Parse(string stat)
    {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state), so field N is fields[N - 3].
        return long.Parse(fields[14 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[15 - 3], CultureInfo.InvariantCulture);
    }
}
