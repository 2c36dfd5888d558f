using TypedDgram.Benchmarks.PubSub;
using TypedDgram.PubSub;

namespace TypedDgram.Tests.Benchmarks;

// The reading of ddsperf's and the bus peers' output by tests/TypedDgram.Benchmarks/pubsub-vs-dds (its files are linked
// into this project, see the csproj), fed with output captured from ddsperf 0.10.2 (cyclonedds-tools) on this machine.
public class PubSubVsDdsParsingTests
{
    // ddsperf -u -R 0 -1 -D 3.5 sub (best effort: the publisher outran it), and its pub (size 44: 32 bytes of baggage).
    private static readonly string[] DdsperfSub =
    [
        "[21934] participant vm:21934: new (self)",
        "[21934] participant vm:21964: new",
        "[21934] 1796682860.802  size 44 total 157462 lost 61341 delta 157462 lost 61341 rate 154.18 kS/s 54.27 Mb/s (15.42 kS/s 5.43 Mb/s)",
        "[21934] 1796682860.802  rss:7.3MB vcsw:45 ivcsw:57 recvUC:10%+0%",
        "[21934] 1796682861.784  size 44 total 442849 lost 108458 delta 285387 lost 47117 rate 290.58 kS/s 102.29 Mb/s (45.09 kS/s 15.87 Mb/s)",
        "[21934] 1796682861.784  rss:7.3MB vcsw:8 ivcsw:62 recvUC:18%+1%",
        "[21934] participant vm:21964: gone",
        "[21934] 1796682862.781  size 44 total 719608 lost 129286 delta 276759 lost 20828 rate 277.60 kS/s 97.71 Mb/s (72.18 kS/s 25.41 Mb/s)",
    ];

    private static readonly string[] DdsperfPub =
    [
        "[21964] participant vm:21964: new (self)",
        "[21964] participant vm:21934: new",
        "[21964] 1796682861.118  329k/s   0n |@____....   ..................|   0%  48m",
        "[21964] 1796682861.118  rss:7.3MB vcsw:13 ivcsw:64 pub:19%+1%",
        "[21964] 1796682862.122  342k/s   0n |@____.. .  ...................|   0%  30m",
        "[21964] 1796682863.122  1.17M/s   0n |@____.. .  ...................|   0%  30m",
        "[21964] 1796682864.122    512/s   0n |@____.. .  ...................|   0%  30m",
    ];

    // ddsperf -R 0 -D 4 ping size 44 against a pong.
    private static readonly string[] DdsperfPing =
    [
        "[6273] participant vm:6273: new (self)",
        "[6273] participant vm:6262: new",
        "[6273] 1796682109.909  vm:6262 size 44 mean 16.770us min 8.671us 50% 13.685us 90% 15.965us 99% 47.590us max 2130.821us cnt 29606",
        "[6273] 1796682109.909  rss:7.7MB vcsw:29493 ivcsw:121 ddsperf:0%+1% recvUC:19%+39%",
        "[6273] 1796682110.909  vm:6262 size 44 mean 16.095us min 8.620us 50% 13.560us 90% 14.472us 99% 30.102us max 2922.161us cnt 30884",
        "[6273] 1796682111.909  vm:6262 size 44 mean 15.747us min 10.058us 50% 13.516us 90% 14.487us 99% 30.153us max 2358.831us cnt 31602",
    ];

    [Fact]
    public void Ddsperf_sub_lines_give_the_running_totals_of_received_and_lost_and_other_lines_are_skipped()
    {
        var series = DdsperfOutput.ParseSubscriber(DdsperfSub);

        Assert.Equal(
            [new CountAt(1796682860.802, 157462, 61341), new CountAt(1796682861.784, 442849, 108458), new CountAt(1796682862.781, 719608, 129286)],
            series);
    }

    [Fact]
    public void Ddsperf_pub_lines_sum_the_per_second_rates_with_their_k_and_M_suffixes_into_a_running_total()
    {
        var series = DdsperfOutput.ParsePublisher(DdsperfPub);

        Assert.Equal(4, series.Count);
        Assert.Equal(329_000, series[0].Total, 1e-6); // the first line counts one second
        // Unix timestamps near 1.8e9 keep about a microsecond of precision in a difference: within 0.1 sample here.
        Assert.Equal(329_000 + (342_000 * 1.004), series[1].Total, 0.1);
        Assert.Equal(series[1].Total + 1_170_000, series[2].Total, 0.1);
        Assert.Equal(series[2].Total + 512, series[3].Total, 0.1);
    }

    [Fact]
    public void Ddsperf_ping_lines_give_each_seconds_percentiles_as_whole_round_trips_and_count()
    {
        var seconds = DdsperfOutput.ParsePing(DdsperfPing);

        // ddsperf prints half of each round trip: the figures read are twice the printed ones.
        Assert.Equal(
            [new RttSecond(1796682109.909, 2 * 13.685, 2 * 15.965, 2 * 47.590, 29606), new RttSecond(1796682110.909, 2 * 13.560, 2 * 14.472, 2 * 30.102, 30884), new RttSecond(1796682111.909, 2 * 13.516, 2 * 14.487, 2 * 30.153, 31602)],
            seconds);
    }

    [Fact]
    public void Ddsperf_ping_means_times_counts_are_half_a_second_so_its_figures_are_half_round_trips()
    {
        // One ping outstanding, the next sent as each pong arrives: a second's round trips add up to about a second. In
        // ddsperf's own lines mean x cnt is half that, which is why ParsePing doubles what it prints.
        var halves = DdsperfPing.Select(line => System.Text.RegularExpressions.Regex.Match(line, @" mean (?<mean>[0-9.]+)us .* cnt (?<count>\d+)"))
            .Where(m => m.Success)
            .Select(m => double.Parse(m.Groups["mean"].Value, System.Globalization.CultureInfo.InvariantCulture) * 1e-6 * long.Parse(m.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();

        Assert.Equal(3, halves.Length);
        Assert.All(halves, seconds => Assert.InRange(seconds * DdsperfOutput.HalfRoundTrips, 0.95, 1.01));
    }

    [Fact]
    public void Bus_peer_lines_read_back_as_they_were_written()
    {
        string[] lines =
        [
            "ready port=40000",
            BusPeerOutput.Subscriber(1796682860.5, new BusStats(1000, 3, 0, 0, 0, 0, 0, 0, []) { Unrecoverable = 3, Recovered = 41, NaksSent = 7 }),
            // A reliable publisher's report carries its flow control's limit, infinite while it does not bind.
            BusPeerOutput.Publisher(1796682860.5, 1200) + " pace=Infinity slowdowns=0",
            BusPeerOutput.Ping(1796682860.5, 41.25, 60.5, 120.125, 2500),
            "pub done sent=1200 received-back=1200",
        ];

        Assert.Equal([new CountAt(1796682860.5, 1000, 3)], BusPeerOutput.ParseSubscriber(lines));
        Assert.Equal((3L, 41L, 7L), BusPeerOutput.LastRepair(lines));
        Assert.Equal([new CountAt(1796682860.5, 1200, 0)], BusPeerOutput.ParsePublisher(lines));
        Assert.Equal([new RttSecond(1796682860.5, 41.25, 60.5, 120.125, 2500)], BusPeerOutput.ParsePing(lines));
    }

    [Fact]
    public void The_loss_labs_nft_listing_gives_what_its_rules_saw_and_dropped()
    {
        const string listing = """
            table inet tdgloss {
            	chain in {
            		type filter hook input priority filter; policy accept;
            		iifname "eth0" meta l4proto udp counter packets 20133 bytes 29311224
            		iifname "eth0" meta l4proto udp numgen random mod 100 < 5 counter packets 1013 bytes 1475390 drop
            	}
            }
            """;

        Assert.Equal((20133L, 1013L), LossLab.ParseCounters(listing));
    }

    [Fact]
    public void The_window_reads_the_running_totals_at_its_two_ends_by_interpolating_between_reports()
    {
        var series = DdsperfOutput.ParseSubscriber(DdsperfSub);

        // Halfway between the first two reports, and a quarter of the way between the last two.
        var start = 1796682860.802 + ((1796682861.784 - 1796682860.802) / 2);
        var end = 1796682861.784 + ((1796682862.781 - 1796682861.784) / 4);
        var growth = new RoundWindow(start, end).Growth(series);

        Assert.NotNull(growth);
        Assert.Equal(((442849 - 157462) / 2.0) + ((719608 - 442849) / 4.0), growth.Value.Total, 0.1);
        Assert.Equal(((108458 - 61341) / 2.0) + ((129286 - 108458) / 4.0), growth.Value.Lost, 0.1);
    }

    [Fact]
    public void A_window_the_reports_do_not_reach_has_no_growth()
    {
        var series = DdsperfOutput.ParseSubscriber(DdsperfSub);

        Assert.Null(new RoundWindow(1796682860.0, 1796682861.0).Growth(series));
        Assert.Null(new RoundWindow(1796682861.0, 1796682863.5).Growth(series));
    }

    [Fact]
    public void Latency_is_the_median_of_the_per_second_percentiles_of_the_seconds_ending_in_the_window()
    {
        var seconds = DdsperfOutput.ParsePing(DdsperfPing);

        // The first second ends before the window starts; the other two end inside it.
        var latency = new RoundWindow(1796682110.0, 1796682111.5).Latency(seconds);

        Assert.NotNull(latency);
        Assert.Equal(13.560 + 13.516, latency.Value.P50, 1e-9);
        Assert.Equal(14.472 + 14.487, latency.Value.P90, 1e-9);
        Assert.Equal(30.102 + 30.153, latency.Value.P99, 1e-9);
        Assert.Equal(30884 + 31602, latency.Value.Count);
    }

    [Fact]
    public void Process_cpu_is_utime_plus_stime_even_when_the_command_name_holds_spaces_and_parentheses()
    {
        const string stat = "4242 (dotnet (x) y) S 1 4242 4242 0 -1 4194304 100 0 0 0 1234 567 0 0 20 0 9 0 100 1000 10 18446744073709551615";

        Assert.Equal(1234 + 567, ProcessCpu.Parse(stat));
    }

    [Fact]
    public void A_cyclone_trace_on_lo_passes_although_it_lists_the_machines_other_interfaces()
    {
        var check = new CycloneLoopbackCheck();

        check.AddLog("cyclone-1.log", LoopbackTrace);
        check.AddSockets(Sockets, [5506]);

        Assert.Empty(check.Problems);
        Assert.Contains("selected interfaces {lo}", check.Summary(), StringComparison.Ordinal);
        Assert.Contains("1 of 1 transmit sockets", check.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cyclone_trace_that_selected_another_interface_or_learned_another_address_fails()
    {
        var check = new CycloneLoopbackCheck();

        check.AddLog("cyclone-2.log", [.. LoopbackTrace.Select(line => line.Replace("selected interfaces: lo (index 1", "selected interfaces: eth0 (index 2", StringComparison.Ordinal)
            .Replace("udp/127.0.0.1:54398@1)", "udp/192.0.2.2:54398@1)", StringComparison.Ordinal))]);

        Assert.Contains(check.Problems, p => p.Contains("selected interface eth0", StringComparison.Ordinal));
        Assert.Contains(check.Problems, p => p.Contains("address 192.0.2.2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_ddsperf_socket_bound_to_an_outside_address_fails()
    {
        var check = new CycloneLoopbackCheck();

        check.AddSockets("UNCONN 0      0          192.0.2.2:47148      0.0.0.0:*    users:((\"ddsperf\",pid=5506,fd=7))\n", [5506]);

        Assert.Single(check.Problems);
    }

    private static readonly string[] LoopbackTrace =
    [
        "1796682070.025787 [0]    ddsperf: interfaces: lo udp/127.0.0.1(q1) eth0 udp/192.0.2.2(q9)",
        "1796682070.025794 [0]    ddsperf: assuming multicast capable interface lo.selected interfaces: lo (index 1 priority 2)",
        "1796682070.025850 [0]    ddsperf: ownip: udp/127.0.0.1",
        "1796682070.025858 [0]    ddsperf: SPDP MC: udp/239.255.0.1",
        "1796682070.026122 [0]    ddsperf: interface lo: transmit port 47148",
        "1796682153.164947 [0] dq.builtin: SPDP ST0 1107afb:a8ed043c:8e530fcf:1c1 bes fc3f NEW (0x00000000-0x0000002c-0x00000000-0x00000000-0x00000000 vm/0.10.2/Linux/Linux) (data udp/239.255.0.1:7401@1 udp/127.0.0.1:54398@1 meta udp/239.255.0.1:7400@1 udp/127.0.0.1:54398@1)",
    ];

    private const string Sockets = """
        State  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process
        UNCONN 0      0            0.0.0.0:39250      0.0.0.0:*    users:(("ddsperf",pid=5506,fd=4))
        UNCONN 0      0            0.0.0.0:7400       0.0.0.0:*    users:(("ddsperf",pid=5506,fd=5))
        UNCONN 0      0          127.0.0.1:47148      0.0.0.0:*    users:(("ddsperf",pid=5506,fd=7))
        UNCONN 0      0          127.0.0.1:41578      0.0.0.0:*    users:(("ddsperf",pid=5485,fd=7))
        UNCONN 0      0            0.0.0.0:5353       0.0.0.0:*    users:(("avahi",pid=99,fd=12))
        """;
}
