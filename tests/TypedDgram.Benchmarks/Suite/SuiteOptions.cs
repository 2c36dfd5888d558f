using System.Globalization;

namespace TypedDgram.Benchmarks.Suite;

/// <summary>
/// The suite's command line: <c>suite [--dry] [--out FILE] [--c-bench PATH] [--seconds S] [--warmup S] [--throughput-only] [--only KEY,...]</c>.
/// Short mode (the default) runs every benchmark briefly; <c>--dry</c> runs each once, for CI, and writes no report unless
/// <c>--out</c> is given. <c>--throughput-only</c> and <c>--only</c> (implementation keys) narrow a run while working on one path.
/// </summary>
public sealed record SuiteOptions(bool Dry, string? Output, string? CBench, double Seconds, double Warmup, int Rounds, bool ThroughputOnly, string[]? Only)
{
    public static SuiteOptions Parse(ReadOnlySpan<string> args)
    {
        var dry = false;
        string? output = null;
        string? cbench = null;
        double? seconds = null;
        double? warmup = null;
        var throughputOnly = false;
        string[]? only = null;
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
                default:
                    throw new ArgumentException($"unknown suite argument '{args[i]}'");
            }
        }

        // The warm-up lets tiered compilation reach optimized code (see Implementations.DotnetEnvironment); five short
        // rounds rather than three long ones, because load from elsewhere on the machine comes in bursts.
        return new SuiteOptions(dry, output, cbench, seconds ?? (dry ? 0.3 : 0.8), warmup ?? (dry ? 0.1 : 0.6), dry ? 1 : 5, throughputOnly, only);
    }
}
