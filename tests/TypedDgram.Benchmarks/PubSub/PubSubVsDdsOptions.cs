using System.Globalization;

namespace TypedDgram.Benchmarks.PubSub;

/// <summary>
/// <c>pubsub-vs-dds [--rounds N] [--seconds S] [--warmup S] [--sizes 32,1024] [--publish async|sync] [--pub-cpu N]
/// [--sub-cpu N] [--ddsperf PATH] --cyclone-config FILE [--out DIR] [--dry]</c> (the <c>pubsub-vs-dds</c> script passes
/// the config and the folder).
/// </summary>
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
    bool Dry)
{
    public const string Usage = "usage: TypedDgram.Benchmarks pubsub-vs-dds --cyclone-config FILE [--rounds N] [--seconds S] [--warmup S] [--sizes 32,1024] [--publish async|sync] [--pub-cpu N] [--sub-cpu N] [--ddsperf PATH] [--out DIR] [--dry]";

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

        var unknown = values.Keys.Except(["rounds", "seconds", "warmup", "sizes", "publish", "pub-cpu", "sub-cpu", "ddsperf", "cyclone-config", "out"]).ToArray();
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
            dry);
    }
}
