using System.Diagnostics;
using System.Globalization;
using TypedDgram.Tests.PubSub;
using Xunit.Abstractions;

namespace TypedDgram.Nats.Tests;

/// <summary>
/// NATS across "hosts": network namespaces h1–h3 on one link (tests/TypedDgram.Tests/PubSub/netns.sh), a real
/// nats-server in each, publishers, subscribers and bridges as processes inside them (tests/TypedDgram.PubSubPeer).
/// Needs Linux and root (CI runs as root); otherwise each test skips and says why.
/// </summary>
public sealed class NatsNamespaceTests(ITestOutputHelper output, MulticastLab lab) : IClassFixture<MulticastLab>
{
    private readonly MulticastLab _lab = lab;

    [SkippableFact]
    public async Task A_cluster_across_hosts_delivers_everything_and_counts_what_a_killed_server_lost()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        Skip.If(_lab.Unavailable is not null, _lab.Unavailable);
        const int port = 4222;
        const int clusterPort = 6222;
        string[] hosts = ["h1", "h2", "h3"];
        var servers = new List<NatsServer>();
        var peers = new List<PeerProcess>();
        try
        {
            foreach (var host in hosts)
            {
                var routes = hosts.Where(other => other != host).Select(other => $"nats://{_lab.V4(other)}:{clusterPort}");
                servers.Add(await NatsServer.StartAsync(_lab.Ns(host), _lab.V4(host), port, clusterPort, routes));
            }

            foreach (var server in servers)
            {
                await server.WaitForRoutesAsync(2);
            }

            // Each peer lists the server on its own host first.
            string Urls(int first) => string.Join(',', Enumerable.Range(0, 3).Select(k => $"nats://{_lab.V4(hosts[(first + k) % 3])}:{port}"));
            var (steady, _) = await PeerProcess.StartAsync(_lab.Ns("h2"), "subscribe", $"nats={Urls(1)}", "bus=cluster");
            peers.Add(steady);
            var (moved, _) = await PeerProcess.StartAsync(_lab.Ns("h3"), "subscribe", $"nats={Urls(2)}", "bus=cluster");
            peers.Add(moved);
            var (publisher, ready) = await PeerProcess.StartAsync(_lab.Ns("h1"), "publish", $"nats={Urls(0)}", "bus=cluster");
            peers.Add(publisher);
            await Task.Delay(500); // interest crosses the routes asynchronously; there is no event for it

            publisher.Send("send 200 2000");
            await publisher.ExpectAsync("sent");
            Assert.Equal("received=200 lost=0", PeerProcess.Pick(await steady.StatsAsync(200), "received=0 lost=0"));
            Assert.Equal("received=200 lost=0", PeerProcess.Pick(await moved.StatsAsync(200), "received=0 lost=0"));

            // SIGKILL the subscriber's server on h3 while publications go on; it moves to h1 or h2.
            servers[2].Kill();
            publisher.Send("send 1000 1000");
            await publisher.ExpectAsync("sent");
            publisher.Send("send 100 1000"); // after the move: these must all arrive
            await publisher.ExpectAsync("sent");

            var steadyStats = await steady.StatsAsync(1300);
            var movedStats = await WaitForTotalAsync(moved, 1300);
            output.WriteLine($"steady: {string.Join(' ', steadyStats.Select(kv => $"{kv.Key}={kv.Value}"))}");
            output.WriteLine($"moved:  {string.Join(' ', movedStats.Select(kv => $"{kv.Key}={kv.Value}"))}");
            Assert.Equal("received=1300 lost=0 duplicated=0", PeerProcess.Pick(steadyStats, "received=0 lost=0 duplicated=0"));
            Assert.Equal(1300, long.Parse(movedStats["received"], CultureInfo.InvariantCulture) + long.Parse(movedStats["lost"], CultureInfo.InvariantCulture));
            Assert.Equal("0", movedStats["duplicated"]);
            Assert.Equal(movedStats["delivered"], movedStats["received"]);
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }

            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task Two_multicast_hosts_bridged_through_NATS_count_loss_end_to_end_and_nothing_loops()
    {
        Skip.If(NatsServer.Missing is not null, NatsServer.Missing);
        Skip.If(_lab.Unavailable is not null, _lab.Unavailable);
        Skip.If(!HasNft(), "nft is not installed (apt-get install -y nftables; .ci/run installs it): no loss can be injected");
        const int port = 4222;
        const int groupPort = 41777;
        const string group = "239.255.77.1";
        string[] segment = [$"group={group}", $"port={groupPort}", "interface=127.0.0.1"];
        await using var server = await NatsServer.StartAsync(_lab.Ns("h3"), _lab.V4("h3"), port, null, null);
        var nats = $"nats=nats://{_lab.V4("h3")}:{port}";
        var peers = new List<PeerProcess>();
        try
        {
            // Segment A is h1's loopback, segment B is h2's: multicast never leaves either; only NATS joins them.
            var (bridgeA, _) = await PeerProcess.StartAsync(_lab.Ns("h1"), "bridge", [.. segment, nats, "bus=sites"]);
            peers.Add(bridgeA);
            var (bridgeB, _) = await PeerProcess.StartAsync(_lab.Ns("h2"), "bridge", [.. segment, nats, "bus=sites"]);
            peers.Add(bridgeB);
            var (nearA, _) = await PeerProcess.StartAsync(_lab.Ns("h1"), "subscribe", segment);
            peers.Add(nearA);
            var (farB, _) = await PeerProcess.StartAsync(_lab.Ns("h2"), "subscribe", segment);
            peers.Add(farB);
            var (publisher, ready) = await PeerProcess.StartAsync(_lab.Ns("h1"), "publish", segment);
            peers.Add(publisher);

            publisher.Send("send 100 2000");
            await publisher.ExpectAsync("sent");
            Assert.Equal("received=100 lost=0 duplicated=0", PeerProcess.Pick(await farB.StatsAsync(100), "received=0 lost=0 duplicated=0"));

            // One in ten multicast datagrams into h1's bridge is dropped: the far side counts them lost.
            Run("ip", "netns", "exec", _lab.Ns("h1"), "nft", "add", "table", "inet", "tdgloss");
            Run("ip", "netns", "exec", _lab.Ns("h1"), "nft", "add chain inet tdgloss input { type filter hook input priority 0; }");
            Run("ip", "netns", "exec", _lab.Ns("h1"), "nft", $"add rule inet tdgloss input udp dport {groupPort} numgen random mod 10 0 drop");
            publisher.Send("send 1000 2000");
            await publisher.ExpectAsync("sent");
            Run("ip", "netns", "exec", _lab.Ns("h1"), "nft", "delete", "table", "inet", "tdgloss");
            publisher.Send("send 10 2000"); // the last ones pass: the far side sees where the numbers end
            await publisher.ExpectAsync("sent");

            var far = await WaitForTotalAsync(farB, 1110);
            var bridged = await StatsLineAsync(bridgeB);
            output.WriteLine($"far B: {string.Join(' ', far.Select(kv => $"{kv.Key}={kv.Value}"))}");
            output.WriteLine($"bridge B: {bridged}");
            var lost = long.Parse(far["lost"], CultureInfo.InvariantCulture);
            Assert.Equal(1110, long.Parse(far["received"], CultureInfo.InvariantCulture) + lost);
            Assert.InRange(lost, 1, 400); // about 100 of 1,000; never zero, never most
            Assert.Equal("0", far["duplicated"]);
            Assert.Equal("1", far["publishers"]);
            Assert.Equal($"{PeerProcess.PublisherId(ready)}:{far["received"]}", far["from"]);

            // Nothing came back to segment A: its subscriber has each number at most once, from one publisher.
            var near = await nearA.StatsAsync();
            Assert.Equal("0", near["duplicated"]);
            Assert.Equal("1", near["publishers"]);
            Assert.Contains("to-multicast=0 ", await StatsLineAsync(bridgeA), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var peer in peers)
            {
                await peer.DisposeAsync();
            }
        }
    }

    // A subscriber that lost some cannot wait for a count of deliveries: wait until received + lost reaches the total.
    private static async Task<IReadOnlyDictionary<string, string>> WaitForTotalAsync(PeerProcess subscriber, long total)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var stats = await subscriber.StatsAsync();
            if (long.Parse(stats["received"], CultureInfo.InvariantCulture) + long.Parse(stats["lost"], CultureInfo.InvariantCulture) >= total || DateTime.UtcNow > deadline)
            {
                return stats;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<string> StatsLineAsync(PeerProcess bridge)
    {
        bridge.Send("stats");
        return await bridge.ExpectAsync("bridge ");
    }

    private static bool HasNft() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "nft")));

    private static void Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)}: {error.Trim()}");
        }
    }
}
