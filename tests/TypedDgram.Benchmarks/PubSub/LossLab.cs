using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TypedDgram.Benchmarks.PubSub;

/// <summary>
/// Two network namespaces joined by a veth pair, for the lossy rows of <c>pubsub-vs-dds --loss</c>: the publishing side
/// (publisher, ping) in <c>PREFIX-pub</c> at <see cref="PublisherAddress"/>, the receiving side (subscriber, pong) in
/// <c>PREFIX-sub</c> at <see cref="SubscriberAddress"/>, each on its <c>eth0</c>. Nothing else is in them, so whatever is
/// sent there stays there. While a lossy run lasts, nft rules drop UDP on the link at random in both directions
/// (<c>numgen random mod 100 &lt; N</c>: publications, repairs, NAKs, ACKs and heartbeats alike), to and from the
/// subscriber, and count what they saw and what they dropped. Needs root (<c>ip netns</c>, <c>nft</c>).
/// </summary>
public sealed partial class LossLab : IDisposable
{
    /// <summary>The publishing side's address on the lab link.</summary>
    public const string PublisherAddress = "10.231.0.1";

    /// <summary>The receiving side's address on the lab link.</summary>
    public const string SubscriberAddress = "10.231.0.2";

    /// <summary>The lab link, for the check that Cyclone sends nowhere else.</summary>
    public const string Subnet = "10.231.0.";

    private const string Table = "tdgloss";

    private LossLab(string prefix)
    {
        Prefix = prefix;
    }

    /// <summary>The namespaces' prefix (they are <c>PREFIX-pub</c> and <c>PREFIX-sub</c>).</summary>
    public string Prefix { get; }

    public string PublisherNamespace => $"{Prefix}-pub";

    public string SubscriberNamespace => $"{Prefix}-sub";

    /// <summary>Builds the lab (removing any left by an earlier run under the same prefix first).</summary>
    public static LossLab Up(string prefix)
    {
        var lab = new LossLab(prefix);
        lab.Down();
        try
        {
            var (pub, sub) = (lab.PublisherNamespace, lab.SubscriberNamespace);
            Run("ip", "netns", "add", pub);
            Run("ip", "netns", "add", sub);
            // The veth ends are created inside the namespaces (never in the caller's), then both renamed eth0.
            Run("ip", "link", "add", $"{prefix}a", "netns", pub, "type", "veth", "peer", "name", $"{prefix}b", "netns", sub);
            Run("ip", "-n", pub, "link", "set", $"{prefix}a", "name", "eth0");
            Run("ip", "-n", sub, "link", "set", $"{prefix}b", "name", "eth0");
            foreach (var (ns, address) in new[] { (pub, PublisherAddress), (sub, SubscriberAddress) })
            {
                Run("ip", "-n", ns, "link", "set", "lo", "up");
                Run("ip", "-n", ns, "addr", "add", $"{address}/24", "dev", "eth0");
                Run("ip", "-n", ns, "link", "set", "eth0", "up");
                // Multicast leaves by eth0 (the bus pins it anyway; Cyclone's SPDP to 239.255.0.1 needs a route).
                Run("ip", "-n", ns, "route", "add", "224.0.0.0/4", "dev", "eth0");
            }
        }
        catch
        {
            lab.Down();
            throw;
        }

        return lab;
    }

    /// <summary>
    /// Starts dropping <paramref name="percent"/> % of the UDP datagrams on the link into and out of the subscriber's
    /// namespace, at random, counting them (0: count only).
    /// </summary>
    /// <remarks>
    /// What comes in is dropped at the subscriber's input hook; what it sends, at the publisher's input hook (a drop in the
    /// subscriber's own output hook would fail its <c>sendto</c> with EPERM, which a datagram lost on a wire never does).
    /// </remarks>
    public void StartLoss(int percent)
    {
        StopLoss();
        foreach (var ns in new[] { SubscriberNamespace, PublisherNamespace })
        {
            Nft(ns, $"add table inet {Table}");
            Nft(ns, $"add chain inet {Table} in {{ type filter hook input priority 0; }}");
            // The first rule counts every UDP datagram that came over the link, the second drops the chosen ones.
            Nft(ns, $"add rule inet {Table} in iifname \"eth0\" meta l4proto udp counter");
            Nft(ns, $"add rule inet {Table} in iifname \"eth0\" meta l4proto udp numgen random mod 100 < {percent} counter drop");
        }
    }

    /// <summary>What the rules saw and dropped since <see cref="StartLoss"/>, both directions together.</summary>
    public (long Seen, long Dropped) Counters()
    {
        long seen = 0, dropped = 0;
        foreach (var ns in new[] { SubscriberNamespace, PublisherNamespace })
        {
            var counted = ParseCounters(Nft(ns, $"list table inet {Table}"));
            seen += counted.Seen;
            dropped += counted.Dropped;
        }

        return (seen, dropped);
    }

    /// <summary>Reads an <c>nft list table</c> of <see cref="StartLoss"/>'s rules: the counting rule's packets, the dropping rule's.</summary>
    public static (long Seen, long Dropped) ParseCounters(string listing)
    {
        long seen = 0, dropped = 0;
        foreach (Match match in CounterLine().Matches(listing))
        {
            var packets = long.Parse(match.Groups["packets"].Value, CultureInfo.InvariantCulture);
            if (match.Groups["drop"].Success)
            {
                dropped += packets;
            }
            else
            {
                seen += packets;
            }
        }

        return (seen, dropped);
    }

    /// <summary>Removes the loss rules (nothing is dropped after).</summary>
    public void StopLoss()
    {
        foreach (var ns in new[] { SubscriberNamespace, PublisherNamespace })
        {
            // "delete" fails when there is no table, and "destroy" needs nft 1.0.8: add (a no-op when present), then delete.
            Nft(ns, $"add table inet {Table}");
            Nft(ns, $"delete table inet {Table}");
        }
    }

    /// <summary>The command line that runs <paramref name="file"/> in <paramref name="ns"/>: <c>ip netns exec</c> execs it (same process id).</summary>
    public static (string File, string[] Arguments) InNamespace(string ns, string file, IEnumerable<string> arguments) =>
        ("ip", ["netns", "exec", ns, file, .. arguments]);

    /// <summary><c>ss -u -a -n -p</c> inside <paramref name="ns"/>, or in this namespace when it is null.</summary>
    public static string Sockets(string? ns)
    {
        try
        {
            return ns is null ? Run("ss", "-u", "-a", "-n", "-p") : Run("ip", "netns", "exec", ns, "ss", "-u", "-a", "-n", "-p");
        }
        catch (InvalidOperationException)
        {
            return ""; // no ss: Cyclone's trace alone says where it sends
        }
    }

    /// <summary>Deletes both namespaces (and with them the veth pair and the nft table); safe to call twice.</summary>
    public void Down()
    {
        foreach (var ns in new[] { PublisherNamespace, SubscriberNamespace })
        {
            if (File.Exists($"/var/run/netns/{ns}") || File.Exists($"/run/netns/{ns}"))
            {
                TryRun("ip", "netns", "del", ns);
            }
        }
    }

    public void Dispose() => Down();

    private static string Nft(string ns, string command) => Run("ip", "netns", "exec", ns, "nft", command);

    private static bool TryRun(string file, params string[] arguments)
    {
        try
        {
            Run(file, arguments);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException($"{file}: {error.Message}", error);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0
                ? output.Result
                : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)}: {error.Trim()}");
        }
    }

    [GeneratedRegex(@"counter packets (?<packets>\d+) bytes \d+(?<drop> drop)?")]
    private static partial Regex CounterLine();
}
