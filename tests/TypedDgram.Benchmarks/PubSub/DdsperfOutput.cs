using System.Globalization;
using System.Text.RegularExpressions;

namespace TypedDgram.Benchmarks.PubSub;

/// <summary>
/// Reads what Cyclone DDS's <c>ddsperf</c> (0.10) prints once a second, run with <c>-R 0</c> so that its timestamps are
/// Unix seconds. Lines of other kinds (discovery, <c>rss:</c> CPU lines) are skipped.
/// </summary>
public static partial class DdsperfOutput
{
    /// <summary>
    /// <c>sub</c>: <c>[PID] T  size S total N lost L delta D lost l rate ...</c>, the running totals of samples
    /// received and lost (sequence gaps per publisher and key).
    /// </summary>
    public static List<CountAt> ParseSubscriber(IEnumerable<string> lines) =>
        [.. lines.Select(line => SubscriberLine().Match(line)).Where(m => m.Success).Select(m => new CountAt(
            Number(m.Groups["at"].Value), Number(m.Groups["total"].Value), Number(m.Groups["lost"].Value)))];

    /// <summary>
    /// <c>pub</c>: <c>[PID] T  891k/s   0n |histogram| ...</c>, the samples written in the second before T (three significant
    /// digits, with a k or M suffix), summed into a running total. The first line counts one second.
    /// </summary>
    public static List<CountAt> ParsePublisher(IEnumerable<string> lines)
    {
        var series = new List<CountAt>();
        double total = 0;
        foreach (var match in lines.Select(line => PublisherLine().Match(line)).Where(m => m.Success))
        {
            var at = Number(match.Groups["at"].Value);
            var rate = Number(match.Groups["rate"].Value) * match.Groups["unit"].Value switch { "k" => 1e3, "M" => 1e6, _ => 1 };
            var seconds = series.Count == 0 ? 1 : at - series[^1].At;
            total += rate * seconds;
            series.Add(new CountAt(at, total, 0));
        }

        return series;
    }

    /// <summary>
    /// <c>ping</c>: <c>[PID] T  HOST:PID size S mean Mus min Aus 50% Pus 90% Qus 99% Rus max Xus cnt N</c>, the round
    /// trips of the second before T (ddsperf's percentiles are of at most the first 20,000 of them), read as whole round
    /// trips: ddsperf prints half of each (see <see cref="HalfRoundTrips"/>), so every figure is doubled here to compare
    /// with the bus ping, which times the whole round trip.
    /// </summary>
    public static List<RttSecond> ParsePing(IEnumerable<string> lines) =>
        [.. lines.Select(line => PingLine().Match(line)).Where(m => m.Success).Select(m => new RttSecond(
            Number(m.Groups["at"].Value),
            HalfRoundTrips * Number(m.Groups["p50"].Value),
            HalfRoundTrips * Number(m.Groups["p90"].Value),
            HalfRoundTrips * Number(m.Groups["p99"].Value),
            long.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture)))];

    /// <summary>
    /// What ddsperf's ping figures are multiplied by to be round trips. Its pong handler records
    /// <c>(tnow - source_timestamp) / 2</c> (ddsperf.c, <c>process_pong</c>): half the round trip, an estimate of one
    /// way. Seen in its own lines too: with one ping outstanding and the next sent as the pong arrives, the round trips
    /// of a second add up to that second, yet <c>mean</c> times <c>cnt</c> is 0.50 s in every line (0.495-0.503 s in
    /// 16 seconds read here, and 16.770 µs x 29,606 = 0.497 s in the quiet-machine sample of the tests).
    /// </summary>
    public const double HalfRoundTrips = 2.0;

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\[\d+\] (?<at>\d+\.\d+)\s+size \d+ total (?<total>\d+) lost (?<lost>\d+) delta ")]
    private static partial Regex SubscriberLine();

    // %5.3g below 1,000/s and %4.3g with k or M above: "  512/s", " 891k/s", "1.17M/s", and "1e+03k/s" at the edge.
    [GeneratedRegex(@"^\[\d+\] (?<at>\d+\.\d+)\s+(?<rate>[0-9.]+(?:e[+-]?\d+)?)(?<unit>[kM]?)/s ")]
    private static partial Regex PublisherLine();

    [GeneratedRegex(@"^\[\d+\] (?<at>\d+\.\d+)\s+\S+ size \d+ mean [0-9.]+us min [0-9.]+us 50% (?<p50>[0-9.]+)us 90% (?<p90>[0-9.]+)us 99% (?<p99>[0-9.]+)us max [0-9.]+us cnt (?<count>\d+)")]
    private static partial Regex PingLine();
}
