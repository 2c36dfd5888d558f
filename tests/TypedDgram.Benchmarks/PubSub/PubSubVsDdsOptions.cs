using System.Globalization;

namespace TypedDgram.Benchmarks.PubSub;

/// <summary>
/// <c>pubsub-vs-dds [--rounds N] [--seconds S] [--warmup S] [--sizes 32,1024] [--publish async|sync] [--pub-cpu N]
/// [--sub-cpu N] [--ddsperf PATH] --cyclone-config FILE [--loss 0,5 --lab PREFIX --cyclone-lab-config FILE] [--only ROWS]
/// [--out DIR] [--dry]</c> (the <c>pubsub-vs-dds</c> script passes the configs, the lab's prefix and the folder).
/// </summary>
/// <param name="Losses">Loss percentages of the lab rows (<see cref="LossLab"/>), empty for loopback rows only.</param>
/// <param name="LabPrefix">The lab's namespace prefix (at most 10 characters).</param>
/// <param name="CycloneLabConfig">Cyclone's config inside the lab (its interface pinned to the lab's eth0).</param>
/// <param name="Only">Which loopback rows run (keys as in runs.tsv: ddsperf-reliable, ddsperf-best-effort, bus, bus-reliable); empty for all.</param>
public sealed record PubSubVsDdsOptions(
    int Rounds,
    double Seconds,
    double Warmup,
    int[] Sizes,
    PublishMode Publish,
    int PublisherCpu,
    int SubscriberCpu,
    string Ddsperf,
    string CycloneConfig,
    string Out,
    bool Dry,
    int[] Losses,
    string LabPrefix,
    string? CycloneLabConfig,
    string[] Only)
{
    public const string Usage = "usage: TypedDgram.Benchmarks pubsub-vs-dds --cyclone-config FILE [--rounds N] [--seconds S] [--warmup S] [--sizes 32,1024] [--publish async|sync] [--pub-cpu N] [--sub-cpu N] [--ddsperf PATH] [--loss 0,5 --lab PREFIX --cyclone-lab-config FILE] [--only bus,bus-reliable,...] [--out DIR] [--dry]";

    /// <summary>The loopback rows' keys, for <c>--only</c>.</summary>
    public static readonly string[] RowKeys = ["ddsperf-reliable", "ddsperf-best-effort", "bus", "bus-reliable"];

    public static PubSubVsDdsOptions Parse(IReadOnlyList<string> args)
    {
        var dry = args.Contains("--dry");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--dry")
            {
                continue;
            }

            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"expected --name value pairs or --dry; got {args[i]}. {Usage}");
            }

            values[args[i][2..]] = args[++i];
        }

        var unknown = values.Keys.Except(["rounds", "seconds", "warmup", "sizes", "publish", "pub-cpu", "sub-cpu", "ddsperf", "cyclone-config", "out", "loss", "lab", "cyclone-lab-config", "only"]).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"unknown option --{unknown[0]}. {Usage}");
        }

        double Number(string name, double fallback, double min, double max) => !values.TryGetValue(name, out var text) ? fallback
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
            : throw new ArgumentException($"--{name} must be a number from {min} to {max}; got {text}. {Usage}");

        var lastCpu = Environment.ProcessorCount - 1;
        var publisherCpu = (int)Number("pub-cpu", 0, 0, lastCpu);
        var subscriberCpu = (int)Number("sub-cpu", lastCpu, 0, lastCpu);
        if (publisherCpu == subscriberCpu && Environment.ProcessorCount > 1)
        {
            throw new ArgumentException($"--pub-cpu and --sub-cpu are both {publisherCpu}: the comparison pins the publisher and the subscriber to different cores.");
        }

        return new PubSubVsDdsOptions(
            (int)Number("rounds", dry ? 1 : 3, 1, 100),
            // --dry: about a second per row, no figures checked; a smoke test that every side starts, talks and stops.
            Number("seconds", dry ? 1 : 4, 0.5, 600),
            Number("warmup", dry ? 1.2 : 2, 1.1, 60),
            [.. values.GetValueOrDefault("sizes", "32,1024").Split(',').Select(size => int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes <= 1400
                ? bytes
                : throw new ArgumentException($"--sizes takes baggage sizes in bytes from 0 to 1400 separated by commas; got {size}. {Usage}"))],
            values.GetValueOrDefault("publish", "sync") switch
            {
                "async" => PublishMode.Async,
                "sync" => PublishMode.Sync,
                var other => throw new ArgumentException($"--publish must be async or sync; got {other}. {Usage}"),
            },
            publisherCpu,
            subscriberCpu,
            values.GetValueOrDefault("ddsperf", "ddsperf"),
            values.TryGetValue("cyclone-config", out var config) ? Path.GetFullPath(config) : throw new ArgumentException($"--cyclone-config is required. {Usage}"),
            Path.GetFullPath(values.GetValueOrDefault("out", Directory.CreateTempSubdirectory("pubsub-vs-dds.").FullName)),
            dry,
            [.. (values.TryGetValue("loss", out var losses) ? losses.Split(',') : []).Select(loss => int.TryParse(loss, NumberStyles.None, CultureInfo.InvariantCulture, out var percent) && percent <= 50
                ? percent
                : throw new ArgumentException($"--loss takes percentages from 0 to 50 separated by commas; got {loss}. {Usage}"))],
            values.GetValueOrDefault("lab", Invariant($"rb{Environment.ProcessId % 100_000}")) is { Length: > 0 and <= 10 } prefix && prefix.All(char.IsAsciiLetterOrDigit)
                ? prefix
                : throw new ArgumentException($"--lab takes a namespace prefix of 1 to 10 letters or digits. {Usage}"),
            values.TryGetValue("cyclone-lab-config", out var labConfig) ? Path.GetFullPath(labConfig)
                : values.ContainsKey("loss") ? throw new ArgumentException($"--loss needs --cyclone-lab-config. {Usage}") : null,
            [.. (values.TryGetValue("only", out var only) ? only.Split(',') : []).Select(key => RowKeys.Contains(key)
                ? key
                : throw new ArgumentException($"--only takes row keys ({string.Join(", ", RowKeys)}) separated by commas; got {key}. {Usage}"))]);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
