using System.Globalization;
using System.Text;
using TypedDgram.Benchmarks.Throughput;

namespace TypedDgram.Benchmarks.Suite;

/// <summary>
/// Every throughput run as tab-separated values with a header line, for scripts (<c>compare-builds</c>): key, payload
/// size, round, datagrams received and sent per second, dropped, CPU microseconds per datagram and bytes allocated per
/// datagram on each side, and why the run failed (empty when it did not).
/// </summary>
public static class RunsFile
{
    public static void Write(string path, IEnumerable<ThroughputResult> runs)
    {
        var text = new StringBuilder("key\tsize\tround\treceived_per_s\tsent_per_s\tdropped\tsender_cpu_us\treceiver_cpu_us\tsender_bytes\treceiver_bytes\tfailed\n");
        foreach (var r in runs)
        {
            text.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{r.Implementation.Key}\t{r.Size}\t{r.Round}\t{r.ReceivedPerSecond:F0}\t{r.SentPerSecond:F0}\t{r.Dropped}\t{r.SenderCpuMicroseconds:F4}\t{r.ReceiverCpuMicroseconds:F4}\t{r.SenderBytesPerDatagram:F2}\t{r.ReceiverBytesPerDatagram:F2}\t{r.Skipped?.ReplaceLineEndings(" ").Replace('\t', ' ')}"));
        }

        File.WriteAllText(path, text.ToString());
    }
}
