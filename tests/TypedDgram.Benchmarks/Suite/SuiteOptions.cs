using System.Globalization;

namespace TypedDgram.Benchmarks.Suite;

/// <summary>
/// The suite's command line: <c>suite [--dry] [--out FILE] [--c-bench PATH] [--seconds S] [--warmup S] [--throughput-only] [--only KEY,...]</c>
/// <c>[--rounds N] [--sizes B,...] [--child-build LABEL=DLL]... [--runs-out FILE]</c>.
/// Short mode (the default) runs every benchmark briefly; <c>--dry</c> runs each once, for CI, and writes no report unless
/// <c>--out</c> is given. <c>--throughput-only</c> and <c>--only</c> (implementation keys) narrow a run while working on one path.
/// <c>--child-build</c> (used by <c>compare-builds</c>) takes the .NET children from another build of this program instead, as
/// <c>LABEL:KEY</c> rows, interleaved build by build; <c>--runs-out</c> writes every throughput run, not only the medians, as TSV.
/// </summary>
public sealed record SuiteOptions(bool Dry, string? Output, string? CBench, double Seconds, double Warmup, int Rounds, bool ThroughputOnly, string[]? Only)
{
    /// <summary>Payload sizes of the throughput runs.</summary>
    public int[] Sizes { get; init; } = Dry ? [64] : [64, 1200];

    /// <summary>Other builds of this program (label and path of its dll) whose .NET children replace this build's.</summary>
    public IReadOnlyList<ChildBuild> ChildBuilds { get; init; } = [];

    /// <summary>Where to write every throughput run as tab-separated values, or null.</summary>
    public string? RunsOutput { get; init; }

    public static SuiteOptions Parse(ReadOnlySpan<string> args)
    {
        var dry = false;
        string? output = null;
        string? cbench = null;
        double? seconds = null;
        double? warmup = null;
        var throughputOnly = false;
        string[]? only = null;
        int? rounds = null;
        int[]? sizes = null;
        var builds = new List<ChildBuild>();
        string? runsOutput = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dry":
                    dry = true;
                    break;
                case "--out" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case "--c-bench" when i + 1 < args.Length:
                    cbench = args[++i];
                    break;
                case "--seconds" when i + 1 < args.Length:
                    seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--warmup" when i + 1 < args.Length:
                    warmup = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--throughput-only":
                    throughputOnly = true;
                    break;
                case "--only" when i + 1 < args.Length:
                    only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries);
                    break;
                case "--rounds" when i + 1 < args.Length:
                    rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--sizes" when i + 1 < args.Length:
                    sizes = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
                    break;
                case "--child-build" when i + 1 < args.Length:
                    builds.Add(ChildBuild.Parse(args[++i]));
                    break;
                case "--runs-out" when i + 1 < args.Length:
                    runsOutput = args[++i];
                    break;
                default:
                    throw new ArgumentException($"unknown suite argument '{args[i]}'");
            }
        }

        // The warm-up lets tiered compilation reach optimized code (see Implementations.DotnetEnvironment); five short
        // rounds rather than three long ones, because load from elsewhere on the machine comes in bursts.
        var options = new SuiteOptions(dry, output, cbench, seconds ?? (dry ? 0.3 : 0.8), warmup ?? (dry ? 0.1 : 0.6), rounds ?? (dry ? 1 : 5), throughputOnly, only)
        {
            ChildBuilds = builds,
            RunsOutput = runsOutput,
        };
        return sizes is null ? options : options with { Sizes = sizes };
    }
}

/// <summary>Another build of this program: <c>LABEL=PATH</c>, the path of its <c>TypedDgram.Benchmarks.dll</c>.</summary>
public sealed record ChildBuild(string Label, string Dll)
{
    public static ChildBuild Parse(string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == value.Length - 1 || value[..equals].Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"--child-build wants LABEL=PATH-TO-DLL (no ':' in the label), not '{value}'");
        }

        var dll = Path.GetFullPath(value[(equals + 1)..]);
        return File.Exists(dll) ? new ChildBuild(value[..equals], dll) : throw new ArgumentException($"--child-build: no file {dll}");
    }
}
