using System.Globalization;
using System.Text.Json;
using TypedDgram.Messaging;
using TypedDgram.PubSub;

namespace TypedDgram.Cli.Tests;

public sealed class StatsCommandTests
{
    private const ulong PublisherId = 0x0123456789abcdef;

    [Fact]
    public async Task Stats_counts_a_burst_with_a_gap_as_received_and_lost()
    {
        var group = Multicast.NewGroup();
        var tdg = Start(group, "--count", "8");
        var port = await tdg.JoinedPortAsync();
        await using var sender = await Multicast.SenderAsync();

        // 0 to 9 without 3 and 6.
        foreach (var sequence in new ulong[] { 0, 1, 2, 4, 5, 7, 8, 9 })
        {
            await sender.SendAsync(Publications.Of(PublisherId, sequence, new Greeting((int)sequence, "tick")), port, group);
        }

        Assert.Equal(0, await tdg.FinishedAsync());
        using var final = FinalReport(tdg);
        AssertCounts(final.RootElement, received: 8, lost: 2, duplicated: 0, reordered: 0, malformed: 0);
        var publisher = Assert.Single(final.RootElement.GetProperty("publishers").EnumerateArray());
        Assert.Equal("0123456789abcdef", publisher.GetProperty("publisher").GetString());
        Assert.Equal(9ul, publisher.GetProperty("highest").GetUInt64());
        Assert.Equal(8, publisher.GetProperty("received").GetInt64());
        Assert.Equal(2, publisher.GetProperty("lost").GetInt64());
    }

    [Fact]
    public async Task Stats_counts_a_fragmented_publication_once_and_reports_the_fragment_counts()
    {
        var group = Multicast.NewGroup();
        var tdg = Start(group, "--count", "2");
        var port = await tdg.JoinedPortAsync();
        await using var sender = await Multicast.SenderAsync();
        var fragments = Publications.Fragments(PublisherId, 0, new Greeting(0, new string('x', 100)), pieceLength: 40);

        // Publication 0 in fragments, its second fragment twice; then publication 1 alone.
        foreach (var datagram in fragments.Take(2).Concat(fragments.Skip(1)).Append(Publications.Of(PublisherId, 1, new Greeting(1, "tick"))))
        {
            await sender.SendAsync(datagram, port, group);
        }

        Assert.Equal(0, await tdg.FinishedAsync());
        using var final = FinalReport(tdg);
        AssertCounts(final.RootElement, received: 2, lost: 0, duplicated: 0, reordered: 0, malformed: 0);
        var counts = final.RootElement.GetProperty("fragments");
        Assert.Equal(
            (1L, 1L, 0L, 0L), // reassembled, duplicated, abandoned, pending
            (counts.GetProperty("reassembled").GetInt64(), counts.GetProperty("duplicated").GetInt64(), counts.GetProperty("abandoned").GetInt64(), counts.GetProperty("pending").GetInt64()));
    }

    [Fact]
    public async Task Stats_counts_a_repeat_as_duplicated_and_a_late_publication_as_reordered()
    {
        var group = Multicast.NewGroup();
        var tdg = Start(group, "--count", "6");
        var port = await tdg.JoinedPortAsync();
        await using var sender = await Multicast.SenderAsync();

        // 2 comes twice, 3 comes after 5: the repeat is counted once and 3 is taken back off lost.
        foreach (var sequence in new ulong[] { 0, 1, 2, 4, 5, 2, 3 })
        {
            await sender.SendAsync(Publications.Of(PublisherId, sequence, new Greeting((int)sequence, "tick")), port, group);
        }

        Assert.Equal(0, await tdg.FinishedAsync());
        using var final = FinalReport(tdg);
        AssertCounts(final.RootElement, received: 6, lost: 0, duplicated: 1, reordered: 1, malformed: 0);
    }

    [Fact]
    public async Task Stats_counts_datagrams_that_are_not_publications_as_malformed_and_says_why_once()
    {
        var group = Multicast.NewGroup();
        var tdg = Start(group, "--count", "1");
        var port = await tdg.JoinedPortAsync();
        await using var sender = await Multicast.SenderAsync();

        await sender.SendAsync("hi", port, group);
        await sender.SendAsync(new Greeting(1, "bare contract"), port, group);
        await sender.SendAsync(Publications.Of(PublisherId, 0, new Greeting(0, "tick")), port, group);

        Assert.Equal(0, await tdg.FinishedAsync());
        using var final = FinalReport(tdg);
        AssertCounts(final.RootElement, received: 1, lost: 0, duplicated: 0, reordered: 0, malformed: 2);
        Assert.Single(tdg.Error.Lines, line => line.StartsWith("tdg: Malformed publication", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stats_counts_each_publication_of_a_bus_for_its_publisher_id()
    {
        var group = Multicast.NewGroup();
        var tdg = Start(group, "--count", "5");
        var port = await tdg.JoinedPortAsync();
        await using var publisher = await MulticastBus.JoinAsync(new MulticastOptions { Group = group, Port = port, Interface = Multicast.Interface });

        for (var seq = 0; seq < 5; seq++)
        {
            await publisher.PublishAsync(new Greeting(seq, "tick"));
        }

        Assert.Equal(0, await tdg.FinishedAsync());
        using var final = FinalReport(tdg);
        AssertCounts(final.RootElement, received: 5, lost: 0, duplicated: 0, reordered: 0, malformed: 0);
        Assert.Equal(5, final.RootElement.GetProperty("unhandled").GetInt64());
        var heard = Assert.Single(final.RootElement.GetProperty("publishers").EnumerateArray());
        Assert.Equal(publisher.PublisherId.ToString("x16", CultureInfo.InvariantCulture), heard.GetProperty("publisher").GetString());
    }

    [Fact]
    public async Task Stats_reports_every_interval_before_the_final_report()
    {
        var group = Multicast.NewGroup();
        var tdg = Start(group, "--count", "1", "--interval", "0.05");
        var port = await tdg.JoinedPortAsync();

        using (var periodic = JsonDocument.Parse(await tdg.Output.NextAsync()))
        {
            Assert.False(periodic.RootElement.GetProperty("final").GetBoolean());
            Assert.Equal(0, periodic.RootElement.GetProperty("received").GetInt64());
        }

        await using var sender = await Multicast.SenderAsync();
        await sender.SendAsync(Publications.Of(PublisherId, 0, new Greeting(0, "tick")), port, group);

        Assert.Equal(0, await tdg.FinishedAsync());
        using var final = FinalReport(tdg);
        Assert.Equal(1, final.RootElement.GetProperty("received").GetInt64());
    }

    [Fact]
    public async Task Stats_timeout_ends_a_quiet_run_with_a_final_report_and_the_summary()
    {
        var tdg = Start(Multicast.NewGroup(), "--timeout", "0.2");

        Assert.Equal(0, await tdg.FinishedAsync());
        using var final = FinalReport(tdg);
        AssertCounts(final.RootElement, received: 0, lost: 0, duplicated: 0, reordered: 0, malformed: 0);
        Assert.StartsWith("tdg: received 0, lost 0, duplicated 0", tdg.Error.Lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_timeout_before_count_is_reached_exits_with_2()
    {
        var tdg = Start(Multicast.NewGroup(), "--count", "5", "--timeout", "0.2");

        Assert.Equal(2, await tdg.FinishedAsync());
    }

    [Fact]
    public async Task Stats_without_an_interface_is_an_error_with_exit_code_1()
    {
        var tdg = TdgRun.Start("stats", "--group", Multicast.NewGroup(), "--port", "0");

        Assert.Equal(1, await tdg.FinishedAsync());
        Assert.Contains("Option '--interface' is required.", tdg.Error.Lines);
    }

    [Fact]
    public async Task Stats_on_a_group_that_is_not_multicast_fails_with_ERR_INVALID_ARG_VALUE()
    {
        var tdg = TdgRun.Start("stats", "--group", "127.0.0.1", "--port", "0", "--interface", Multicast.Interface, "--timeout", "1");

        Assert.Equal(1, await tdg.FinishedAsync());
        Assert.StartsWith("tdg stats: ERR_INVALID_ARG_VALUE: ", tdg.Error.Lines[^1], StringComparison.Ordinal);
    }

    // Reports only at the end unless a test gives --interval.
    [Fact]
    public async Task Stats_on_an_interface_not_on_this_host_fails_with_ENODEV_and_says_what_to_check()
    {
        // 192.0.2.0/24 is documentation space (RFC 5737): no interface of a test machine has it.
        var tdg = TdgRun.Start("stats", "--group", Multicast.NewGroup(), "--port", "0", "--interface", "192.0.2.1", "--timeout", "1");

        Assert.Equal(1, await tdg.FinishedAsync());
        Assert.StartsWith("tdg stats: ENODEV: ", tdg.Error.Lines[^1], StringComparison.Ordinal);
        Assert.Contains("'ip addr'", tdg.Error.Lines[^1], StringComparison.Ordinal);
    }

    private static TdgRun Start(string group, params string[] options) =>
        TdgRun.Start(["stats", "--group", group, "--port", "0", "--interface", Multicast.Interface, .. options.Contains("--interval") ? options : ["--interval", "60", .. options]]);

    private static JsonDocument FinalReport(TdgRun tdg)
    {
        var report = JsonDocument.Parse(tdg.Output.Lines[^1]);
        Assert.True(report.RootElement.GetProperty("final").GetBoolean());
        return report;
    }

    private static void AssertCounts(JsonElement report, long received, long lost, long duplicated, long reordered, long malformed)
    {
        Assert.Equal(
            (received, lost, duplicated, reordered, 0L, malformed, 0L),
            (report.GetProperty("received").GetInt64(), report.GetProperty("lost").GetInt64(), report.GetProperty("duplicated").GetInt64(),
                report.GetProperty("reordered").GetInt64(), report.GetProperty("stale").GetInt64(), report.GetProperty("malformed").GetInt64(),
                report.GetProperty("dropped").GetInt64()));
    }
}
