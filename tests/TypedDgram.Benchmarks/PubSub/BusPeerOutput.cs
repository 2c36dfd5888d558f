using System.Globalization;

namespace TypedDgram.Benchmarks.PubSub;

/// <summary>
/// The lines a bus peer prints, once a second, and their reading: <c>sub at=T total=N lost=L unrecoverable=U
/// recovered=R naks=K</c> (the last three count repair in reliable mode, 0 in best effort),
/// <c>pub at=T sent=N</c>, <c>ping at=T p50=A p90=B p99=C count=N</c> (microseconds), with T in Unix seconds, as ddsperf's
/// <c>-R 0</c> prints them; <c>ready port=P</c> once joined; <c>error MESSAGE</c> before exiting with 2.
/// </summary>
public static class BusPeerOutput
{
    public static string Subscriber(double at, TypedDgram.PubSub.BusStats stats) =>
        Line($"sub at={at:F3} total={stats.Received} lost={stats.Lost} unrecoverable={stats.Unrecoverable} recovered={stats.Recovered} naks={stats.NaksSent}");

    /// <summary>The repair counts of the subscriber's last report: (unrecoverable, recovered, NAKs sent), or null if it printed none.</summary>
    public static (long Unrecoverable, long Recovered, long Naks)? LastRepair(IEnumerable<string> lines) =>
        Fields(lines, "sub").LastOrDefault() is { } last && last.ContainsKey("unrecoverable")
            ? ((long)last["unrecoverable"], (long)last["recovered"], (long)last["naks"])
            : null;

    public static string Publisher(double at, long sent) => Line($"pub at={at:F3} sent={sent}");

    public static string Ping(double at, double p50, double p90, double p99, long count) => Line($"ping at={at:F3} p50={p50:F3} p90={p90:F3} p99={p99:F3} count={count}");

    public static List<CountAt> ParseSubscriber(IEnumerable<string> lines) =>
        [.. Fields(lines, "sub").Select(f => new CountAt(f["at"], f["total"], f["lost"]))];

    public static List<CountAt> ParsePublisher(IEnumerable<string> lines) =>
        [.. Fields(lines, "pub").Select(f => new CountAt(f["at"], f["sent"], 0))];

    public static List<RttSecond> ParsePing(IEnumerable<string> lines) =>
        [.. Fields(lines, "ping").Select(f => new RttSecond(f["at"], f["p50"], f["p90"], f["p99"], (long)f["count"]))];

    private static string Line(FormattableString line) => line.ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<Dictionary<string, double>> Fields(IEnumerable<string> lines, string kind) =>
        lines.Where(line => line.StartsWith(kind + " at=", StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(field => field.Split('=', 2))
                .ToDictionary(pair => pair[0], pair => double.Parse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture)));
}
