using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TypedDgram.Benchmarks.Suite;

/// <summary>What the report says about the machine it ran on.</summary>
public sealed record Machine(int Cores, string Cpu, string Kernel, string Runtime, string Sdk, string NodeVersion, string CompilerVersion, string LoadAverage)
{
    public static Machine Describe() => new(
        Environment.ProcessorCount,
        CpuModel(),
        File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        FirstLine("dotnet", "--version") ?? "?",
        FirstLine("node", "--version") ?? "not installed",
        FirstLine("cc", "--version") ?? "not installed",
        LoadAverageNow());

    /// <summary>The 1, 5 and 15 minute load averages (Linux), or "?".</summary>
    public static string LoadAverageNow() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>The full path of <paramref name="program"/> on the PATH, or null.</summary>
    public static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    private static string CpuModel()
    {
        if (File.Exists("/proc/cpuinfo"))
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string? FirstLine(string program, string argument)
    {
        if (Which(program) is not { } path)
        {
            return null;
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(path, argument) { RedirectStandardOutput = true, RedirectStandardError = true });
            var line = process?.StandardOutput.ReadLine()?.Trim();
            process?.WaitForExit(5000);
            return line;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
