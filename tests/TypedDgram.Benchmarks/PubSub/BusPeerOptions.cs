using System.Globalization;

namespace TypedDgram.Benchmarks.PubSub;

/// <summary>How the throughput publisher hands a sample to the bus.</summary>
public enum PublishMode
{
    /// <summary><c>await bus.PublishAsync(sample)</c>, one at a time.</summary>
    Async,

    /// <summary>The synchronous, coalescing <c>bus.Publish(sample)</c>: what queues while a send is in flight goes out in batch frames.</summary>
    Sync,
}

/// <summary>
/// <c>bus-peer pub|sub|ping|pong --group G --port P --interface I --seconds S --size B [--rate R] [--publish async|sync] [--reliability best-effort|reliable]</c>:
/// one side of a bus row of the Cyclone DDS comparison. <c>--port 0</c> (sub and pong) lets the system pick the port,
/// printed on the <c>ready</c> line for the other side.
/// </summary>
/// <param name="Role">pub, sub, ping or pong.</param>
/// <param name="Group">The IPv4 multicast group (239.x).</param>
/// <param name="Port">The group's port.</param>
/// <param name="Interface">The interface address both sides pin (127.0.0.1).</param>
/// <param name="Seconds">How long the peer runs after it is ready; every loop ends by then.</param>
/// <param name="Size">The baggage in bytes.</param>
/// <param name="Rate">Publications per second for pub, or null for as fast as it goes.</param>
/// <param name="Publish">How pub publishes, and how ping and pong publish from their handlers.</param>
/// <param name="Reliable">Whether the bus runs in <c>ReliabilityMode.Reliable</c> (NAK repair, in-order delivery) rather than best effort.</param>
public sealed record BusPeerOptions(string Role, string Group, int Port, string Interface, double Seconds, int Size, double? Rate, PublishMode Publish, bool Reliable = false)
{
    public const string Usage = "usage: TypedDgram.Benchmarks bus-peer pub|sub|ping|pong --group 239.x.y.z --port P --interface 127.0.0.1 --seconds S --size BYTES [--rate PER-SECOND] [--publish async|sync] [--reliability best-effort|reliable]";

    private static readonly string[] Roles = ["pub", "sub", "ping", "pong"];

    /// <summary>Reads the arguments after <c>bus-peer</c>; throws <see cref="ArgumentException"/> with the usage on anything else.</summary>
    public static BusPeerOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || !Roles.Contains(args[0]))
        {
            throw new ArgumentException($"the first argument must be one of {string.Join(", ", Roles)}; got {(args.Count == 0 ? "nothing" : args[0])}. {Usage}");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"expected --name value pairs after the role; got {args[i]}. {Usage}");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var value)
            ? value
            : throw new ArgumentException($"--{name} is required. {Usage}");
        double Number(string name, string text, double min, double max) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw new ArgumentException($"--{name} must be a number from {min} to {max}; got {text}. {Usage}");

        var publish = values.GetValueOrDefault("publish", "async") switch
        {
            "async" => PublishMode.Async,
            "sync" => PublishMode.Sync,
            var other => throw new ArgumentException($"--publish must be async or sync; got {other}. {Usage}"),
        };
        var reliable = values.GetValueOrDefault("reliability", "best-effort") switch
        {
            "best-effort" => false,
            "reliable" => true,
            var other => throw new ArgumentException($"--reliability must be best-effort or reliable; got {other}. {Usage}"),
        };
        var unknown = values.Keys.Except(["group", "port", "interface", "seconds", "size", "rate", "publish", "reliability"]).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"unknown option --{unknown[0]}. {Usage}");
        }

        return new BusPeerOptions(
            args[0],
            Required("group"),
            (int)Number("port", Required("port"), 0, 65535),
            Required("interface"),
            Number("seconds", Required("seconds"), 0.1, 3600),
            // 1,024 bytes of baggage and the publication header fit the bus's default MaxDatagramSize of 1,472.
            (int)Number("size", Required("size"), 0, 1400),
            values.TryGetValue("rate", out var rate) ? Number("rate", rate, 1, 1e8) : null,
            publish,
            reliable);
    }
}
